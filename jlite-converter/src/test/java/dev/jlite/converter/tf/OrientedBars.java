package dev.jlite.converter.tf;

import java.util.SplittableRandom;

/**
 * A generated image classification task: one bar per 32x32 grayscale image, horizontal, vertical, diagonal or
 * anti-diagonal (the four classes), at a random place, length, thickness, brightness and angle jitter, on a
 * noisy background with a distracting blob. Easy enough for a small CNN to learn in a few hundred steps, noisy
 * enough that a few examples stay hard.
 *
 * @param images {@code count} images, NHWC with one channel, values around [0, 1]
 * @param labels the class of each image, 0 to 3
 */
public record OrientedBars(float[] images, int[] labels) {

    /** Image side in pixels. */
    public static final int SIZE = 32;
    /** Number of classes. */
    public static final int CLASSES = 4;

    private static final double[] ANGLES = {0, Math.PI / 2, Math.PI / 4, 3 * Math.PI / 4};

    /** Generates {@code count} examples, the same ones for the same seed. */
    public static OrientedBars generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[count * SIZE * SIZE];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            int label = random.nextInt(CLASSES);
            labels[n] = label;
            draw(images, n * SIZE * SIZE, label, random);
        }
        return new OrientedBars(images, labels);
    }

    /** Number of examples. */
    public int count() {
        return labels.length;
    }

    /** The pixels of examples [from, from + n) as one flat NHWC batch. */
    public float[] batch(int from, int n) {
        float[] out = new float[n * SIZE * SIZE];
        System.arraycopy(images, from * SIZE * SIZE, out, 0, out.length);
        return out;
    }

    /** Examples [from, from + n) as a data set of their own. */
    public OrientedBars slice(int from, int n) {
        int[] sliceLabels = new int[n];
        System.arraycopy(labels, from, sliceLabels, 0, n);
        return new OrientedBars(batch(from, n), sliceLabels);
    }

    private static void draw(float[] image, int offset, int label, SplittableRandom random) {
        double angle = ANGLES[label] + random.nextDouble(-0.32, 0.32);
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        double cx = random.nextDouble(10, 22);
        double cy = random.nextDouble(10, 22);
        double halfLength = random.nextDouble(5, 10);
        double halfThickness = random.nextDouble(0.6, 1.6);
        double brightness = random.nextDouble(0.5, 1.0);
        double blobX = random.nextDouble(0, SIZE);
        double blobY = random.nextDouble(0, SIZE);
        double blobRadius = random.nextDouble(1, 3);
        double background = random.nextDouble(0, 0.3);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double px = x + 0.5 - cx;
                double py = y + 0.5 - cy;
                double along = px * dx + py * dy;
                double across = Math.abs(-px * dy + py * dx);
                double bar = Math.abs(along) <= halfLength ? clamp(halfThickness + 0.5 - across) : 0;
                double blob = clamp(blobRadius + 0.5 - Math.hypot(x + 0.5 - blobX, y + 0.5 - blobY));
                double noise = random.nextDouble(-0.25, 0.25);
                image[offset + y * SIZE + x] = (float) (background + brightness * Math.max(bar, blob * 0.8) + noise);
            }
        }
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
