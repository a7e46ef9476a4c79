package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;

class FullyConnectedTest {
    /** Bias: 0 none (two inputs), 1 omitted (index -1), 2 constant, 3 fed at run time. */
    record Case(int[] inputShape, int units, byte act, boolean keepNumDims, int bias, boolean constant, long seed) {
        @Override
        public String toString() {
            return String.format("in%s units=%d %s%s bias=%s%s", Arrays.toString(inputShape), units,
                    ActivationFunctionType.name(act), keepNumDims ? " keep_num_dims" : "",
                    new String[] {"none", "omitted", "constant", "runtime"}[bias], constant ? "" : " runtime-weights");
        }

        int depth() {
            return inputShape[inputShape.length - 1];
        }

        int batch() {
            return Arrays.stream(inputShape).reduce(1, (a, b) -> a * b) / depth();
        }

        int[] outputShape() {
            if (keepNumDims) {
                int[] s = inputShape.clone();
                s[s.length - 1] = units;
                return s;
            }
            return new int[] {batch(), units};
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(new int[] {1, 1152}, 63, ActivationFunctionType.NONE, false, 2, true, 1));
        cases.add(new Case(new int[] {3, 2, 40}, 100, ActivationFunctionType.RELU, true, 2, true, 2));
        cases.add(new Case(new int[] {17}, 5, ActivationFunctionType.RELU6, false, 0, true, 3));
        cases.add(new Case(new int[] {9, 33}, 16, ActivationFunctionType.RELU_N1_TO_1, false, 1, false, 4));
        Random r = new Random(99);
        byte[] acts = {ActivationFunctionType.NONE, ActivationFunctionType.RELU, ActivationFunctionType.RELU_N1_TO_1,
            ActivationFunctionType.RELU6};
        int[] sizes = {1, 2, 3, 7, 8, 16, 17, 31, 32, 33, 64, 65};
        while (cases.size() < 60) {
            int rank = 1 + r.nextInt(4);
            int[] shape = new int[rank];
            for (int i = 0; i < rank - 1; i++) {
                shape[i] = 1 + r.nextInt(4);
            }
            shape[rank - 1] = sizes[r.nextInt(sizes.length)];
            cases.add(new Case(shape, sizes[r.nextInt(sizes.length)], acts[r.nextInt(acts.length)], r.nextBoolean(),
                    r.nextInt(4), r.nextInt(4) != 0, r.nextLong()));
        }
        return cases;
    }

    static ByteBuffer model(Case c, float[] weights, float[] bias, byte act) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.FULLY_CONNECTED).options(
                BuiltinOptions.FullyConnectedOptions, fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb, act,
                        FullyConnectedOptionsWeightsFormat.DEFAULT, c.keepNumDims, false));
        b.input(DataType.FLOAT32, c.inputShape);
        int[] weightShape = {c.units, c.depth()};
        if (c.constant) {
            b.constant(DataType.FLOAT32, weightShape, weights);
        } else {
            b.input(DataType.FLOAT32, weightShape);
        }
        switch (c.bias) {
            case 1 -> b.optionalInput();
            case 2 -> b.constant(DataType.FLOAT32, new int[] {c.units}, bias);
            case 3 -> b.input(DataType.FLOAT32, c.units);
            default -> { }
        }
        b.output(DataType.FLOAT32, c.outputShape());
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOfficial(Case c) {
        Random r = new Random(c.seed);
        float[] input = Oracle.random(r, c.batch() * c.depth());
        float[] weights = Oracle.random(r, c.units * c.depth());
        float[] bias = Oracle.random(r, c.units);
        List<Object> inputs = new ArrayList<>(List.of(input));
        if (!c.constant) {
            inputs.add(weights);
        }
        if (c.bias == 3) {
            inputs.add(bias);
        }
        ByteBuffer model = model(c, weights, bias, c.act);
        Oracle.check(c.toString(), model, model, inputs.toArray());
    }

    @Test
    void rejectsTanhWeightsFormatAndRaggedInput() {
        Case c = new Case(new int[] {2, 4}, 3, ActivationFunctionType.NONE, false, 0, true, 1);
        assertThatThrownBy(() -> JliteRunner.run(model(c, new float[12], null, ActivationFunctionType.TANH),
                new float[8])).isInstanceOf(ModelFormatException.class).hasMessageContaining("TANH");

        OpModelBuilder shuffled = new OpModelBuilder(BuiltinOperator.FULLY_CONNECTED).options(
                BuiltinOptions.FullyConnectedOptions, fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
                        ActivationFunctionType.NONE, FullyConnectedOptionsWeightsFormat.SHUFFLED4x16INT8, false,
                                false));
        shuffled.input(DataType.FLOAT32, 2, 4);
        shuffled.constant(DataType.FLOAT32, new int[] {3, 4}, new float[12]);
        shuffled.output(DataType.FLOAT32, 2, 3);
        assertThatThrownBy(() -> JliteRunner.run(shuffled.build(), new float[8]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("weights_format");

        OpModelBuilder ragged = new OpModelBuilder(BuiltinOperator.FULLY_CONNECTED);
        ragged.input(DataType.FLOAT32, 1, 7);
        ragged.constant(DataType.FLOAT32, new int[] {3, 4}, new float[12]);
        ragged.output(DataType.FLOAT32, 1, 3);
        assertThatThrownBy(() -> JliteRunner.run(ragged.build(), new float[7]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("rows");

        Case keep = new Case(new int[] {2, 4}, 3, ActivationFunctionType.NONE, true, 0, true, 1);
        OpModelBuilder keepBad = new OpModelBuilder(BuiltinOperator.FULLY_CONNECTED).options(
                BuiltinOptions.FullyConnectedOptions, fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
                        ActivationFunctionType.NONE, FullyConnectedOptionsWeightsFormat.DEFAULT, keep.keepNumDims,
                                false));
        keepBad.input(DataType.FLOAT32, 4, 2);
        keepBad.constant(DataType.FLOAT32, new int[] {3, 4}, new float[12]);
        keepBad.output(DataType.FLOAT32, 4, 3);
        assertThatThrownBy(() -> JliteRunner.run(keepBad.build(), new float[8]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("keep_num_dims");
    }
}
