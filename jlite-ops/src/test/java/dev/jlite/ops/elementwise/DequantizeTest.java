package dev.jlite.ops.elementwise;

import static dev.jlite.ops.elementwise.OpRuns.jlite;
import static dev.jlite.ops.elementwise.OpRuns.size;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DequantizeTest {

    static ByteBuffer model(DataType type, int[] shape, Object constant, float[] scales, long[] zeroPoints,
            int axis) {
        OpModelBuilder builder = new OpModelBuilder(BuiltinOperator.DEQUANTIZE);
        int in = constant == null ? builder.input(type, shape) : builder.constant(type, shape, constant);
        if (scales != null) {
            builder.quantize(in, scales, zeroPoints, axis);
        }
        builder.output(DataType.FLOAT32, shape);
        if (constant != null) {
            // The official Java binding refuses models without inputs: a separate RELU gives it one.
            builder.addOperator(BuiltinOperator.RELU);
            builder.input(DataType.FLOAT32, 1);
            builder.output(DataType.FLOAT32, 1);
        }
        return builder.build();
    }

    private static final float[] DUMMY = {0f};

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void perTensorInt8AndUint8MatchOfficialExactly() {
        Random random = new Random(51);
        int[] shape = {2, 3, 4};
        Object[][] cases = {
            {DataType.INT8, 0.05f, -3L}, {DataType.INT8, 1.7e-3f, 0L}, {DataType.INT8, 0.25f, 127L},
            {DataType.UINT8, 0.5f, 128L}, {DataType.UINT8, 0.0123f, 0L}, {DataType.UINT8, 3f, 255L}
        };
        for (Object[] c : cases) {
            DataType type = (DataType) c[0];
            float scale = (float) c[1];
            long zero = (long) c[2];
            byte[] q = bytes(random, size(shape));
            ByteBuffer model = model(type, shape, null, new float[] {scale}, new long[] {zero}, 0);
            float[] mine = jlite(model, 1, q).floats();
            int mask = type == DataType.UINT8 ? 0xff : -1;
            for (int i = 0; i < q.length; i++) {
                assertThat(mine[i]).isEqualTo((float) ((double) scale * ((q[i] & mask) - zero)));
            }
            assertThat(mine).as(type + " scale " + scale + " zero " + zero)
                    .containsExactly((float[]) OpRuns.official(model, q));
            ByteBuffer constant = model(type, shape, q, new float[] {scale}, new long[] {zero}, 0);
            assertThat(jlite(constant, 1, DUMMY).floats()).as("constant " + type).containsExactly(mine);
        }
    }

    @Test
    void perTensorInt16MatchesOfficial() {
        Random random = new Random(52);
        int[] shape = {5, 7};
        short[] q = new short[size(shape)];
        for (int i = 0; i < q.length; i++) {
            q[i] = (short) random.nextInt();
        }
        ByteBuffer model = model(DataType.INT16, shape, null, new float[] {3.1e-4f}, new long[] {0}, 0);
        assertThat(jlite(model, 1, q).floats()).containsExactly((float[]) OpRuns.official(model, q));
    }

    /**
     * Checked against the definition only: TensorFlow Lite 2.6.2's DEQUANTIZE reads just the legacy per-tensor
     * parameters, which are empty for per-axis tensors, so it returns zeros (later versions dequantize per axis).
     */
    @Test
    void perAxisInt8UsesOneScaleAndZeroPointPerSlice() {
        Random random = new Random(53);
        Object[][] cases = {
            {new int[] {3, 4}, 0}, {new int[] {3, 4}, 1}, {new int[] {2, 3, 2}, 1}, {new int[] {2, 2, 3}, 2}
        };
        for (Object[] c : cases) {
            int[] shape = (int[]) c[0];
            int axis = (int) c[1];
            int channels = shape[axis];
            float[] scales = new float[channels];
            long[] zeros = new long[channels];
            for (int k = 0; k < channels; k++) {
                scales[k] = 0.01f + random.nextFloat();
                zeros[k] = random.nextInt(21) - 10;
            }
            byte[] q = bytes(random, size(shape));
            ByteBuffer model = model(DataType.INT8, shape, q, scales, zeros, axis);
            float[] mine = jlite(model, 1, DUMMY).floats();
            for (int i = 0; i < q.length; i++) {
                int k = Naive.coordinates(shape, i)[axis];
                assertThat(mine[i]).as("element " + i).isEqualTo((q[i] - zeros[k]) * scales[k]);
            }
        }
    }

    /** binary16 to float by its definition, independently of the kernel's bit manipulation. */
    static float halfByDefinition(int h) {
        int sign = (h & 0x8000) != 0 ? -1 : 1;
        int exponent = (h >> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return mantissa == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
        }
        double magnitude = exponent == 0 ? mantissa * Math.pow(2, -24)
                : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
        return (float) (sign * magnitude);
    }

    @Test
    void float16WidensEveryBitPatternExactly() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        ByteBuffer model = model(DataType.FLOAT16, new int[] {all.length}, all, null, null, 0);
        float[] mine = jlite(model, 1, DUMMY).floats();
        float[] official = (float[]) OpRuns.official(model, DUMMY);
        for (int i = 0; i < all.length; i++) {
            float expected = halfByDefinition(i);
            if (Float.isNaN(expected)) {
                assertThat(mine[i]).as("0x%04x", i).isNaN();
                assertThat(official[i]).as("official 0x%04x", i).isNaN();
            } else {
                // Bit equality also tells -0 from +0.
                assertThat(Float.floatToIntBits(mine[i])).as("0x%04x", i).isEqualTo(Float.floatToIntBits(expected));
                assertThat(Float.floatToIntBits(official[i])).as("official 0x%04x", i)
                        .isEqualTo(Float.floatToIntBits(expected));
            }
        }
    }

    @Test
    void float16SpecialValues() {
        short[] h = {0x0000, (short) 0x8000, 0x0001, (short) 0x8001, 0x03ff, 0x0400, 0x3c00, (short) 0xbc00,
            0x7bff, 0x7c00, (short) 0xfc00, 0x7e00, (short) 0xfe01, 0x3555};
        float[] expected = {0f, -0f, 0x1p-24f, -0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, 1f, -1f, 65504f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.NaN, 0.33325195f};
        float[] mine = jlite(model(DataType.FLOAT16, new int[] {h.length}, h, null, null, 0), 1, DUMMY).floats();
        for (int i = 0; i < h.length; i++) {
            assertThat(Float.floatToIntBits(mine[i])).as("0x%04x", h[i] & 0xffff)
                    .isEqualTo(Float.floatToIntBits(expected[i]));
        }
        // NaNs keep sign and payload.
        assertThat(Float.floatToRawIntBits(mine[11])).isEqualTo(0x7fc00000);
        assertThat(Float.floatToRawIntBits(mine[12])).isEqualTo(0xffc02000);
    }
}
