package dev.jlite.cli;

import dev.jlite.tasks.AnnotatedImage;
import dev.jlite.tasks.BoundingBox;
import dev.jlite.tasks.Detection;
import dev.jlite.tasks.Images;
import dev.jlite.tasks.Landmark;
import dev.jlite.tasks.Point;
import dev.jlite.tasks.RotatedRect;
import dev.jlite.tasks.Timings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the vision commands ({@code detect faces|objects|palms}, {@code landmarks hands|pose|face}, {@code segment})
 * share: the image argument, the annotated picture, JSON output, threads, and the printing of results in image
 * pixels.
 */
abstract class VisionCommand implements Callable<Integer> {
    static final String MODELS_FOOTER = "A bare model name is looked up in $JLITE_MODELS, in ../shared/models beside "
            + "the repository, and in the cache ~/.cache/jlite/models that scripts/fetch-models.sh fills.";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (PNG, JPEG, BMP or GIF).")
    Path image;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.png",
            description = "Also draw the results over the image and write it as PNG (no picture without it).")
    Path output;

    @Option(names = "--json", description = "Print the results as JSON instead of text.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Kernel threads (default 1).")
    int threads;

    /** Runs the task on the decoded image, prints its results and fills the picture. */
    abstract void run(BufferedImage picture, Report report);

    @Override
    public final Integer call() throws IOException {
        if (threads < 1) {
            throw CliException.usage("--threads must be at least 1, got " + threads);
        }
        BufferedImage decoded;
        try {
            decoded = Images.read(image);
        } catch (IOException e) {
            throw CliException.usage(e.getMessage());
        }
        Report report = new Report(decoded);
        try {
            run(decoded, report);
        } catch (IllegalArgumentException e) {
            // Out-of-range options and models that do not fit the task: the command line's fault.
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            report.picture.writePng(output);
        }
        if (json) {
            out.println(Json.pretty(report.json));
        } else {
            for (String line : report.lines) {
                out.println(line);
            }
            if (output != null) {
                out.println("wrote " + output);
            }
        }
        out.flush();
        return 0;
    }

    /** A model argument resolved like the other commands' MODEL. */
    Path model(String name) {
        // Vision commands sit one or two levels below the jlite command, whose object holds the locator.
        return ((Main) spec.root().userObject()).locator().resolve(name);
    }

    /** The model name: {@code --model} when given, else the full or the default variant ({@code --full}). */
    static String variant(String model, boolean full, String defaultModel, String fullModel) {
        if (model != null && full) {
            throw CliException.usage("--model and --full exclude each other");
        }
        return model != null ? model : full ? fullModel : defaultModel;
    }

    /** Text lines, the JSON tree and the picture of one command's results. */
    final class Report {
        final List<String> lines = new ArrayList<>();
        final Map<String, Object> json = new LinkedHashMap<>();
        final AnnotatedImage picture;

        Report(BufferedImage decoded) {
            picture = new AnnotatedImage(decoded);
            lines.add(String.format(Locale.ROOT, "image: %s (%dx%d)", image, decoded.getWidth(),
                    decoded.getHeight()));
            json.put("image", image.toString());
            json.put("width", decoded.getWidth());
            json.put("height", decoded.getHeight());
        }

        void model(String role, Path file) {
            lines.add(role + ": " + file);
            json.put(role.replace(' ', '_'), file.toString());
        }

        void line(String text) {
            lines.add(text);
        }

        void put(String key, Object value) {
            json.put(key, value);
        }

        void timings(Timings t) {
            lines.add(String.format(Locale.ROOT, "time: %.2f ms (inference %.2f ms, pre- and post-processing %.2f ms, "
                    + "%d thread%s; one cold run)", t.totalNanos() / 1e6, t.inferenceNanos() / 1e6,
                    t.prePostNanos() / 1e6, threads, threads == 1 ? "" : "s"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total_ms", t.totalNanos() / 1e6);
            m.put("inference_ms", t.inferenceNanos() / 1e6);
            m.put("threads", threads);
            json.put("timings", m);
        }
    }

    static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    static String box(BoundingBox b) {
        return String.format(Locale.ROOT, "[%.1f, %.1f, %.1f, %.1f]", b.left(), b.top(), b.right(), b.bottom());
    }

    static String points(List<Point> points) {
        StringBuilder s = new StringBuilder();
        for (Point p : points) {
            s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "(%.1f, %.1f)", p.x(), p.y()));
        }
        return s.toString();
    }

    static Map<String, Object> json(BoundingBox b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("left", (double) b.left());
        m.put("top", (double) b.top());
        m.put("right", (double) b.right());
        m.put("bottom", (double) b.bottom());
        return m;
    }

    static Map<String, Object> json(Detection d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", d.label());
        m.put("label_index", d.labelIndex());
        m.put("score", (double) d.score());
        m.put("box", json(d.box()));
        List<Object> kp = new ArrayList<>();
        for (Point p : d.keypoints()) {
            kp.add(List.of((double) p.x(), (double) p.y()));
        }
        m.put("keypoints", kp);
        return m;
    }

    static Map<String, Object> json(RotatedRect r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("center_x", (double) r.centerX());
        m.put("center_y", (double) r.centerY());
        m.put("width", (double) r.width());
        m.put("height", (double) r.height());
        m.put("rotation", (double) r.rotation());
        return m;
    }

    /** Landmarks as [x, y, z] or [x, y, z, visibility, presence] arrays. */
    static List<Object> json(List<Landmark> landmarks) {
        List<Object> out = new ArrayList<>();
        for (Landmark l : landmarks) {
            out.add(Float.isNaN(l.visibility())
                    ? List.of((double) l.x(), (double) l.y(), (double) l.z())
                    : List.of((double) l.x(), (double) l.y(), (double) l.z(), (double) l.visibility(),
                            (double) l.presence()));
        }
        return out;
    }

    /** A detection on one line: label, score, box and keypoints. */
    static String line(int i, Detection d) {
        String s = String.format(Locale.ROOT, "  #%d %s %.3f box %s", i, d.label(), d.score(), box(d.box()));
        return d.keypoints().isEmpty() ? s : s + " keypoints " + points(d.keypoints());
    }
}
