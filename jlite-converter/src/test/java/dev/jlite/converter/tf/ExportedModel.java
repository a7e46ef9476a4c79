package dev.jlite.converter.tf;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A SavedModel written by {@link TfModels}: where it is and what its {@code serving_default} signature takes and
 * gives, by the user-facing names of the signature.
 *
 * @param name short model name for messages
 * @param dir the SavedModel directory (saved_model.pb and variables/)
 * @param inputs the signature inputs, with the batch dimension set to 1
 * @param outputs the signature output names
 */
public record ExportedModel(String name, Path dir, List<Input> inputs, List<String> outputs) {

    /**
     * One signature input.
     *
     * @param name user-facing name (signature key)
     * @param shape shape with batch 1 (the graph's placeholder has batch -1)
     * @param vocabulary 0 for a float input drawn from [-1, 1]; otherwise an int32 input of ids in
     *     [0, vocabulary)
     */
    public record Input(String name, long[] shape, int vocabulary) {

        /** Number of elements of one example. */
        public int size() {
            return Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        }

        /** A random example: {@code float[]} in [-1, 1], or {@code int[]} ids for an id input. */
        public Object randomExample(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            if (vocabulary > 0) {
                return random.ints(size(), 0, vocabulary).toArray();
            }
            float[] data = new float[size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) random.nextDouble(-1, 1);
            }
            return data;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + (vocabulary > 0 ? " ids<" + vocabulary : "");
        }
    }

    /** One random example per input, in {@link #inputs()} order. */
    public Object[] randomExample(long seed) {
        Object[] example = new Object[inputs.size()];
        for (int i = 0; i < example.length; i++) {
            example[i] = inputs.get(i).randomExample(seed + i);
        }
        return example;
    }
}
