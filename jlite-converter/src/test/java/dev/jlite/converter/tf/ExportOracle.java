package dev.jlite.converter.tf;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes one oracle model of {@link TfModels#catalog()} as a SavedModel, and optionally a folder of random
 * representative inputs as {@code .npy} files (one example each, floats in [-1, 1], the signature's shape with
 * batch 1), so that converting can be timed from the command line ({@code scripts/bench-convert.sh}).
 *
 * <pre>
 * ExportOracle MODEL DIR [--seed S] [--representative N DATA_DIR]
 * </pre>
 * Prints each input as {@code NAME=D1,D2,...}, the form {@code jlite convert --input-shape} takes.
 */
public final class ExportOracle {

    private ExportOracle() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            usage("MODEL and DIR are required");
        }
        TfModels.Builder builder = TfModels.catalog().get(args[0]);
        if (builder == null) {
            usage("unknown model " + args[0] + "; one of " + TfModels.catalog().keySet());
        }
        Path dir = Path.of(args[1]);
        long seed = 42;
        int examples = 0;
        Path data = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--representative" -> {
                    examples = Integer.parseInt(value(args, ++i));
                    data = Path.of(value(args, ++i));
                }
                default -> usage("unknown option " + args[i]);
            }
        }
        ExportedModel model = builder.build(dir, seed);
        if (examples > 0 && (model.inputs().size() != 1 || model.inputs().get(0).vocabulary() > 0)) {
            usage(args[0] + ": --representative writes float examples of a model with one float input");
        }
        for (int n = 0; n < examples; n++) {
            ExportedModel.Input input = model.inputs().get(0);
            Npy.write(data.resolve(input.name() + "_" + n + ".npy"), (float[]) input.randomExample(seed + 1 + n),
                    input.shape());
        }
        for (ExportedModel.Input input : model.inputs()) {
            System.out.println(input.name() + "=" + String.join(",",
                    Arrays.stream(input.shape()).mapToObj(Long::toString).toList()));
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String message) {
        System.err.println("ExportOracle: " + message);
        System.err.println("usage: ExportOracle MODEL DIR [--seed S] [--representative N DATA_DIR]");
        System.exit(2);
    }
}
