package dev.jlite.bench;

import dev.jlite.Model;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link MobileNetV2Int8} in jlite (SIMD on and off) and in the official TensorFlow Lite 2.6.2 interpreter
 * (XNNPACK on, and builtin kernels) side by side in one process, on one random int8 image. The whole sampling is
 * repeated; each repeat prints every engine's median, and the last line gives the median of the repeats' medians
 * and the ratios to the official interpreter (above 1: jlite is slower).
 *
 * <pre>
 * QuantizedModelBench [--threads N] [--repeats N] [--seconds S]
 * </pre>
 */
public final class QuantizedModelBench {
    private QuantizedModelBench() {}

    public static void main(String[] args) {
        int threads = 1;
        int repeats = 3;
        double seconds = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: QuantizedModelBench [--threads N] [--repeats N] [--seconds S]");
                    System.exit(2);
                }
            }
        }
        ByteBuffer bytes = MobileNetV2Int8.build(42);
        ByteBuffer image = ByteBuffer.allocateDirect(224 * 224 * 3).order(ByteOrder.nativeOrder());
        image.put(MobileNetV2Int8.randomInput(1)).flip();
        ByteBuffer[] inputs = {image};
        Model model = Model.wrap(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        List<Engine> engines = new ArrayList<>();
        engines.add(new JliteEngine(model, threads, true, inputs));
        engines.add(new JliteEngine(model, threads, false, inputs));
        engines.add(new OfficialEngine(bytes, threads, true, inputs, new boolean[1]));
        engines.add(new OfficialEngine(bytes, threads, false, inputs, new boolean[1]));
        Sampler.Plan plan = new Sampler.Plan(3, 2.0, 0, seconds, 5, 100);
        double[][] medians = new double[engines.size()][repeats];
        System.out.printf(Locale.ROOT, "MobileNetV2Int8 (seed 42), %d thread(s), %s%n", threads,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try {
            for (int r = 0; r < repeats; r++) {
                long[][] times = Sampler.sample(engines, plan);
                StringBuilder line = new StringBuilder("repeat " + (r + 1) + ":");
                for (int e = 0; e < engines.size(); e++) {
                    medians[e][r] = Sampler.medianMs(times[e]);
                    line.append(String.format(Locale.ROOT, "  %s %.1f ms (%d runs)", engines.get(e).name(),
                            medians[e][r], times[e].length));
                }
                System.out.println(line);
            }
            double[] m = new double[engines.size()];
            StringBuilder line = new StringBuilder("median of repeats:");
            for (int e = 0; e < engines.size(); e++) {
                double[] s = medians[e].clone();
                java.util.Arrays.sort(s);
                m[e] = s[s.length / 2];
                line.append(String.format(Locale.ROOT, "  %s %.1f ms", engines.get(e).name(), m[e]));
            }
            System.out.println(line);
            System.out.printf(Locale.ROOT, "jlite / TFLite builtin %.2f, jlite / TFLite XNNPACK %.2f, "
                    + "jlite (no SIMD) / TFLite builtin %.2f%n", m[0] / m[3], m[0] / m[2], m[1] / m[3]);
        } finally {
            engines.forEach(Engine::close);
        }
    }
}
