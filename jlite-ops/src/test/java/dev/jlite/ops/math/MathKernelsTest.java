package dev.jlite.ops.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.ops.quant.FixedPoint;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * What the differential suite cannot show: the errors TensorFlow Lite reports (where the official interpreter fails
 * a case, jlite must fail it too rather than make up a result), and hand-checked values of the trickier rules.
 */
class MathKernelsTest {
    private static ByteBuffer binary(BuiltinOperator op, DataType type, DataType out, int n) {
        OpModelBuilder b = new OpModelBuilder(op);
        b.input(type, n);
        b.input(type, n);
        b.output(out, n);
        return b.build();
    }

    /**
     * Operators with one registration reach their kernel whatever the input type, so the kernel itself refuses a
     * type outside its registration ({@link MathOps} lists both): TensorFlow Lite 2.6.2 has no BOOL GREATER, no
     * INT64 POW and no FLOAT32 LOGICAL_NOT. EQUAL on BOOL is in the list and runs.
     */
    @Test
    void kernelsRefuseTypesOutsideTheirRegistration() {
        assertThatThrownBy(() -> JliteRunner.run(binary(BuiltinOperator.GREATER, DataType.BOOL, DataType.BOOL, 2),
                new boolean[2], new boolean[2])).hasStackTraceContaining("input type BOOL is not supported");
        assertThatThrownBy(() -> JliteRunner.run(binary(BuiltinOperator.POW, DataType.INT64, DataType.INT64, 2),
                new long[2], new long[2])).hasStackTraceContaining("input type INT64 is not supported");
        OpModelBuilder not = new OpModelBuilder(BuiltinOperator.LOGICAL_NOT);
        not.input(DataType.FLOAT32, 2);
        not.output(DataType.FLOAT32, 2);
        assertThatThrownBy(() -> JliteRunner.run(not.build(), new float[2]))
                .hasStackTraceContaining("input type FLOAT32 is not supported");
        byte[] equal = (byte[]) JliteRunner.run(binary(BuiltinOperator.EQUAL, DataType.BOOL, DataType.BOOL, 2),
                new boolean[] {true, false}, new boolean[] {true, true})[0];
        assertThat(equal).containsExactly(1, 0);
    }

    @Test
    void integerFloorDivAndFloorModByZeroAreErrors() {
        for (BuiltinOperator op : new BuiltinOperator[] {BuiltinOperator.FLOOR_DIV, BuiltinOperator.FLOOR_MOD}) {
            ByteBuffer model = binary(op, DataType.INT32, DataType.INT32, 2);
            assertThatThrownBy(() -> JliteRunner.run(model, new int[] {7, 1}, new int[] {2, 0}))
                    .as(op.name()).hasStackTraceContaining("division by 0");
        }
    }

    @Test
    void floorDivAndFloorModTakeTheDivisorsSign() {
        int[] a = {7, -7, 7, -7, 6};
        int[] b = {2, 2, -2, -2, -3};
        int[] div = (int[]) JliteRunner.run(binary(BuiltinOperator.FLOOR_DIV, DataType.INT32, DataType.INT32, 5),
                a, b)[0];
        int[] mod = (int[]) JliteRunner.run(binary(BuiltinOperator.FLOOR_MOD, DataType.INT32, DataType.INT32, 5),
                a, b)[0];
        assertThat(div).containsExactly(3, -4, -4, 3, -2);
        assertThat(mod).containsExactly(1, 1, -1, -1, 0);
    }

    @Test
    void floatFloorDivDividesInDouble() {
        // 1 / 0.1f is 10 in float but 9.99999985... in double: TensorFlow Lite floors the double quotient.
        float[] out = (float[]) JliteRunner.run(binary(BuiltinOperator.FLOOR_DIV, DataType.FLOAT32,
                DataType.FLOAT32, 1), new float[] {1f}, new float[] {0.1f})[0];
        assertThat(out).containsExactly(9f);
    }

    @Test
    void integerPowWithANegativeExponentIsAnError() {
        ByteBuffer model = binary(BuiltinOperator.POW, DataType.INT32, DataType.INT32, 2);
        assertThat((int[]) JliteRunner.run(model, new int[] {-3, 2}, new int[] {3, 10})[0]).containsExactly(-27,
                1024);
        assertThatThrownBy(() -> JliteRunner.run(model, new int[] {2, 2}, new int[] {1, -1}))
                .hasStackTraceContaining("negative exponent");
    }

    @Test
    void roundGoesToEven() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ROUND);
        b.input(DataType.FLOAT32, 6);
        b.output(DataType.FLOAT32, 6);
        float[] out = (float[]) JliteRunner.run(b.build(), new float[] {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 2.4f})[0];
        assertThat(out).containsExactly(0f, 2f, 2f, -0f, -2f, 2f);
    }

    @Test
    void quantizedComparisonNeedsScalesBelowOne() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.LESS);
        b.quantize(b.input(DataType.INT8, 2), 1.5f, 0);
        b.quantize(b.input(DataType.INT8, 2), 0.5f, 0);
        b.output(DataType.BOOL, 2);
        ByteBuffer model = b.build();
        assertThatThrownBy(() -> JliteRunner.run(model, new byte[2], new byte[2])).hasStackTraceContaining("(0, 1)");
    }

    @Test
    void quantizedRsqrtRejectsInputsBelowTheZeroPoint() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.RSQRT);
        b.quantize(b.input(DataType.INT8, 2), 0.1f, -10);
        b.quantize(b.output(DataType.INT8, 2), 0.05f, 0);
        ByteBuffer model = b.build();
        assertThat((byte[]) JliteRunner.run(model, new byte[] {-10, 30})[0]).as("0 gives the maximum; 1/sqrt(4)")
                .containsExactly(127, 10);
        assertThatThrownBy(() -> JliteRunner.run(model, new byte[] {-11, 0})).hasStackTraceContaining("below -10");
    }

    @Test
    void inverseSquareRootMultiplierIsCloseToTheRealOne() {
        for (int x : new int[] {2, 3, 4, 100, 12345, 1 << 20, (1 << 30) + 7, Integer.MAX_VALUE}) {
            FixedPoint.Multiplier m = FixedPoint.invSqrtQuantizedMultiplierExp(x, -1);
            double value = m.multiplier() * Math.pow(2, m.shift() - 31);
            assertThat(value).as("1/sqrt(%d)", x).isCloseTo(1 / Math.sqrt(x), org.assertj.core.data.Percentage
                    .withPercentage(1e-3));
        }
    }

    @Test
    void selectVersionOneDoesNotBroadcast() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.SELECT);
        b.input(DataType.BOOL, 2, 3);
        b.input(DataType.FLOAT32, 2, 3);
        b.input(DataType.FLOAT32, 1, 3);
        b.output(DataType.FLOAT32, 2, 3);
        ByteBuffer model = b.build();
        assertThatThrownBy(() -> JliteRunner.run(model, new boolean[6], new float[6], new float[3]))
                .hasStackTraceContaining("differ in shape");
    }

    @Test
    void fillSizesItsOutputFromFedDims() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.FILL);
        b.input(DataType.INT32, 2);
        b.input(DataType.FLOAT32);
        b.output(DataType.FLOAT32, 2, 3);
        ByteBuffer model = b.build();
        assertThat((float[]) JliteRunner.run(model, new int[] {2, 3}, new float[] {1.5f})[0]).hasSize(6)
                .containsOnly(1.5f);
        assertThatThrownBy(() -> JliteRunner.run(model, new int[] {2, -3}, new float[] {1.5f}))
                .hasStackTraceContaining("is -3");
    }
}
