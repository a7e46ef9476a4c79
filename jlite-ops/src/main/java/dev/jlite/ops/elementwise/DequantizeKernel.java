package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;

/**
 * DEQUANTIZE to float32: FLOAT16 by exact widening; INT8, UINT8 and INT16 by {@code scale * (q - zeroPoint)},
 * per tensor or per axis ({@code quantized_dimension}, one scale and zero point per slice). Usually its input is a
 * constant, so the interpreter runs it once at prepare time.
 */
final class DequantizeKernel implements Kernel {
    private DataType type;
    /** Per-tensor parameters, the scale widened to double as TensorFlow Lite's {@code DequantizationParams}. */
    private double scale;
    private int zeroPoint;
    /** Per-axis parameters, or {@code null} for per-tensor quantization. */
    private float[] scales;
    private int[] zeroPoints;
    /** Elements per step along the quantized dimension (the product of the later dimensions). */
    private int innerSize;

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        type = input.dataType();
        if (type != DataType.FLOAT16 && type != DataType.INT8 && type != DataType.UINT8 && type != DataType.INT16) {
            throw node.error("input type " + type + " is not supported (FLOAT16, INT8, UINT8 or INT16)");
        }
        if (output.dataType() != DataType.FLOAT32) {
            throw node.error("output must be FLOAT32, got " + output.dataType());
        }
        scales = null;
        zeroPoints = null;
        if (type != DataType.FLOAT16) {
            QuantizationParams q = input.quantizationParams();
            if (!q.isQuantized()) {
                throw node.error(type + " input has no quantization parameters");
            }
            if (q.isPerAxis()) {
                int axis = q.quantizedDimension();
                float[] s = q.scales();
                long[] z = q.zeroPoints();
                if (axis < 0 || axis >= input.numDimensions() || input.dim(axis) != s.length) {
                    throw node.error(s.length + " per-axis scales do not match dimension " + axis + " of "
                            + java.util.Arrays.toString(input.shape()));
                }
                scales = s;
                zeroPoints = new int[z.length];
                for (int i = 0; i < z.length; i++) {
                    zeroPoints[i] = checkedZeroPoint(node, z[i]);
                }
                int inner = 1;
                for (int d = axis + 1; d < input.numDimensions(); d++) {
                    inner *= input.dim(d);
                }
                innerSize = inner;
            } else {
                scale = q.scale();
                zeroPoint = checkedZeroPoint(node, q.zeroPoints()[0]);
            }
        }
        output.resize(input.shape());
    }

    private static int checkedZeroPoint(Node node, long z) {
        if (z < Integer.MIN_VALUE || z > Integer.MAX_VALUE) {
            throw node.error("zero point " + z + " is out of the int32 range");
        }
        return (int) z;
    }

    @Override
    public void eval(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        float[] y = out.floats();
        int yi = out.offset();
        int n = in.numElements();
        switch (type) {
            case FLOAT16: {
                short[] x = in.shorts();
                int xi = in.offset();
                for (int i = 0; i < n; i++) {
                    y[yi + i] = Half.toFloat(x[xi + i]);
                }
                return;
            }
            case INT16: {
                short[] x = in.shorts();
                int xi = in.offset();
                if (scales != null) {
                    for (int i = 0; i < n; i++) {
                        int ch = (i / innerSize) % scales.length;
                        y[yi + i] = (x[xi + i] - zeroPoints[ch]) * scales[ch];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        y[yi + i] = (float) (scale * (x[xi + i] - zeroPoint));
                    }
                }
                return;
            }
            default: {
                byte[] x = in.bytes();
                int xi = in.offset();
                int mask = type == DataType.UINT8 ? 0xff : -1;
                if (scales != null) {
                    for (int i = 0; i < n; i++) {
                        int ch = (i / innerSize) % scales.length;
                        y[yi + i] = ((x[xi + i] & mask) - zeroPoints[ch]) * scales[ch];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        y[yi + i] = (float) (scale * ((x[xi + i] & mask) - zeroPoint));
                    }
                }
            }
        }
    }
}
