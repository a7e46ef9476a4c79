package dev.jlite.tasks;

/** Checks shared by the tasks' options. */
final class TaskOptions {

    private TaskOptions() {
    }

    static float probability(String name, float value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    static int maxResults(int value) {
        if (value == 0 || value < -1) {
            throw new IllegalArgumentException("maxResults must be positive, or -1 for no limit, got " + value);
        }
        return value;
    }

    static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    static int threads(int value) {
        return positive("numThreads", value);
    }

    /**
     * The detector model of a two-stage task: the one given, else {@code defaultName} in the landmark model's folder.
     */
    static java.nio.file.Path detectorModel(java.nio.file.Path landmarkModel, java.nio.file.Path given,
            String defaultName, String task) {
        if (given != null) {
            return given;
        }
        java.nio.file.Path dir = landmarkModel.toAbsolutePath().getParent();
        java.nio.file.Path sibling = dir == null ? null : dir.resolve(defaultName);
        if (sibling == null || !java.nio.file.Files.isRegularFile(sibling)) {
            throw new IllegalArgumentException(task + ": no detector model given and no " + defaultName + " beside "
                    + landmarkModel + "; set it in the options");
        }
        return sibling;
    }
}
