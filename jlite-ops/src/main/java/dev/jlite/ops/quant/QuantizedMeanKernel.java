package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.ops.elementwise.ReducePlan;

/**
 * Quantized MEAN (INT8, UINT8, INT16) over the axes of an INT32 tensor, with ReducerOptions {@code keep_dims}, as
 * TensorFlow Lite 2.6 computes it. The integer sums are exact; what differs between TensorFlow Lite's paths is how
 * a sum becomes an output value, and this kernel picks the path the official interpreter takes:
 * <ul>
 *   <li>a 4-D input averaged over axes exactly {@code [1, 2]} (or {@code [2, 1]}) with {@code keep_dims}: for UINT8
 *       the optimized kernel's one fixed-point multiplier of {@code input_scale / (count * output_scale)} on the
 *       raw sum plus a rounded zero-point bias; for INT8 and INT16 the integer kernel, which rescales the
 *       zero-point-free sum by {@code input_scale / output_scale} and then divides by the count, rounding half
 *       away from zero;</li>
 *   <li>otherwise, input and output quantized alike: the sum divided by the count, truncating;</li>
 *   <li>otherwise: the float mean rescaled, rounded and clamped ({@code QuantizedMeanOrSum}).</li>
 * </ul>
 */
final class QuantizedMeanKernel implements Kernel {
    private static final int REDUCER_OPTIONS = 27;
    private static final int KEEP_DIMS = 0;

    private enum Path { UINT8_HW, INTEGER_HW, SAME_QUANTIZATION, FLOAT }

    private boolean keepDims;
    private boolean isShort;
    private int mask;
    private int qmin;
    private int qmax;
    private float inputScale;
    private int inputZeroPoint;
    private float outputScale;
    private int outputZeroPoint;
    private ReducePlan plan;
    private Path path;
    private int multiplier;
    private int shift;
    private int bias;
    private int[] sums = new int[0];
    private int[] counter = new int[0];

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Tensor axis = node.requireInput(1);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if (!Quantized.isQuantizedType(type) || output.dataType() != type) {
            throw node.error("expects INT8, UINT8 or INT16 in and out, got " + type + " -> " + output.dataType());
        }
        if (axis.dataType() != DataType.INT32) {
            throw node.error("axis must be INT32, got " + axis.dataType());
        }
        if (axis.numDimensions() > 1) {
            throw node.error("axis must be a scalar or a vector, got rank " + axis.numDimensions());
        }
        QuantizationParams qi = Quantized.perTensor(node, input, "input");
        QuantizationParams qo = Quantized.perTensor(node, output, "output");
        inputScale = qi.scale();
        inputZeroPoint = qi.zeroPoint();
        outputScale = qo.scale();
        outputZeroPoint = qo.zeroPoint();
        isShort = type == DataType.INT16;
        mask = type == DataType.UINT8 ? 0xFF : -1;
        qmin = Quantized.min(type);
        qmax = Quantized.max(type);
        FlatTable options = node.options(REDUCER_OPTIONS);
        keepDims = options != null && options.getBool(KEEP_DIMS, false);
        if (axis.isConstant()) {
            plan(node, input, axis);
            output.resize(plan.outputShape);
        } else {
            plan = null;
            output.markDynamic();
        }
    }

    private void plan(Node node, Tensor input, Tensor axis) {
        int[] axes = axis.ints();
        int axisOffset = axis.offset();
        int axisCount = axis.numElements();
        plan = ReducePlan.of(node, input.shape(), axes, axisOffset, axisCount, keepDims);
        // TensorFlow Lite matches the raw axis values: [-3, -2] does not take the height-and-width kernel.
        boolean hw = keepDims && input.numDimensions() == 4 && axisCount == 2
                && ((axes[axisOffset] == 1 && axes[axisOffset + 1] == 2)
                        || (axes[axisOffset] == 2 && axes[axisOffset + 1] == 1));
        if (hw && mask == 0xFF) {
            path = Path.UINT8_HW;
            float count = input.dim(1) * input.dim(2);
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(inputScale / (count * outputScale));
            multiplier = m.multiplier();
            shift = m.shift();
            bias = outputZeroPoint - FixedPoint.roundHalfAwayFromZero(inputZeroPoint * inputScale / outputScale);
        } else if (hw) {
            path = Path.INTEGER_HW;
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier((double) inputScale / (double) outputScale);
            multiplier = m.multiplier();
            shift = m.shift();
        } else if (inputZeroPoint == outputZeroPoint && inputScale == outputScale) {
            path = Path.SAME_QUANTIZATION;
        } else {
            path = Path.FLOAT;
        }
        int outSize = 1;
        for (int d : plan.outputShape) {
            outSize *= d;
        }
        if (sums.length < outSize) {
            sums = new int[outSize];
        }
        if (counter.length < plan.dims.length) {
            counter = new int[plan.dims.length];
        }
    }

    @Override
    public void eval(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        if (plan == null) {
            // Axis values known only now: plan (and size the sums) at every run.
            plan(node, in, node.input(1));
            out.resize(plan.outputShape);
        }
        int outSize = out.numElements();
        if (in.numElements() == 0 || outSize == 0) {
            return;
        }
        java.util.Arrays.fill(sums, 0, outSize, 0);
        if (isShort) {
            sum(in.shorts(), in.offset(), in.numElements());
        } else {
            sum(in.bytes(), in.offset(), in.numElements());
        }
        int count = plan.count;
        float scale = inputScale / outputScale;
        float floatBias = -inputZeroPoint * scale;
        for (int i = 0; i < outSize; i++) {
            int s = sums[i];
            int v;
            switch (path) {
                case UINT8_HW:
                    v = FixedPoint.multiplyByQuantizedMultiplier(s, multiplier, shift) + bias;
                    break;
                case INTEGER_HW: {
                    int acc = FixedPoint.multiplyByQuantizedMultiplier(s - count * inputZeroPoint, multiplier, shift);
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    v = acc + outputZeroPoint;
                    break;
                }
                case SAME_QUANTIZATION:
                    v = s / count;
                    break;
                default: {
                    float mean = (float) s / (float) count;
                    float r = FixedPoint.roundHalfAwayFromZero(mean * scale + floatBias) + (float) outputZeroPoint;
                    v = (int) Math.max(Math.min(r, (float) qmax), (float) qmin);
                    break;
                }
            }
            v = Math.min(qmax, Math.max(qmin, v));
            if (isShort) {
                out.shorts()[out.offset() + i] = (short) v;
            } else {
                out.bytes()[out.offset() + i] = (byte) v;
            }
        }
    }

    /** Adds each input value into its output's sum, walking the input in order over the plan's merged loops. */
    private void sum(byte[] x, int base, int n) {
        int[] dims = plan.dims;
        int[] outStrides = plan.outStrides;
        int[] idx = counter;
        java.util.Arrays.fill(idx, 0, dims.length, 0);
        int m = mask;
        int o = 0;
        for (int i = 0; i < n; i++) {
            sums[o] += x[base + i] & m;
            for (int d = dims.length - 1; d >= 0; d--) {
                o += outStrides[d];
                if (++idx[d] < dims[d]) {
                    break;
                }
                o -= outStrides[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    private void sum(short[] x, int base, int n) {
        int[] dims = plan.dims;
        int[] outStrides = plan.outStrides;
        int[] idx = counter;
        java.util.Arrays.fill(idx, 0, dims.length, 0);
        int o = 0;
        for (int i = 0; i < n; i++) {
            sums[o] += x[base + i];
            for (int d = dims.length - 1; d >= 0; d--) {
                o += outStrides[d];
                if (++idx[d] < dims[d]) {
                    break;
                }
                o -= outStrides[d] * dims[d];
                idx[d] = 0;
            }
        }
    }
}
