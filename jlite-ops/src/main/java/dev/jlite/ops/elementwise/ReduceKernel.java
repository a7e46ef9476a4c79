package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;
import java.util.Arrays;

/**
 * MEAN, SUM, REDUCE_MAX, REDUCE_MIN and REDUCE_PROD on FLOAT32, INT32 and INT64 over the axes given by an int32
 * tensor, with ReducerOptions {@code keep_dims}. Values are folded in the input's row-major order, as TensorFlow
 * Lite's reference reduction does, so float sums and products round the same way. REDUCE_MAX and REDUCE_MIN start
 * from the type's lowest and highest values and skip NaN inputs, as TensorFlow Lite's {@code in > current ? in :
 * current} does. Integers fold in 64 bits: sums and products wrap as TensorFlow Lite's do in their own width, and
 * an integer MEAN divides the 64-bit sum, truncating toward zero, as TensorFlow Lite's does. A MEAN over no
 * elements is 0.
 */
final class ReduceKernel implements Kernel {
    /** Which reduction. */
    enum Reducer { MEAN, SUM, MAX, MIN, PROD }

    /** The {@code keep_dims} field of ReducerOptions. */
    private static final int KEEP_DIMS = 0;
    /** The axes TensorFlow Lite's float MEAN can hold (MeanParams.axis[4]). */
    private static final int MAX_FLOAT_MEAN_AXES = 4;

    private final Reducer reducer;
    private final ThreadPool.RangeTask task = this::slice;
    private boolean keepDims;
    private boolean simd;
    private DataType type;
    /** The 64-bit accumulators of an integer reduction, one per output element. */
    private long[] acc;
    private ReducePlan plan;
    // The plan, input and output of the current eval, read by the slice task on every thread.
    private ReducePlan current;
    private Tensor in;
    private Tensor out;

    ReduceKernel(Reducer reducer) {
        this.reducer = reducer;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Tensor axis = node.requireInput(1);
        Tensor output = node.output(0);
        type = input.dataType();
        if (type != DataType.FLOAT32 && type != DataType.INT32 && type != DataType.INT64) {
            throw node.error("input type " + type + " is not supported (FLOAT32, INT32 or INT64)");
        }
        if (output.dataType() != type) {
            throw node.error("output type " + output.dataType() + " differs from input type " + type);
        }
        if (axis.dataType() != DataType.INT32) {
            throw node.error("axis must be INT32, got " + axis.dataType());
        }
        if (axis.numDimensions() > 1) {
            throw node.error("axis must be a scalar or a vector, got rank " + axis.numDimensions());
        }
        if (reducer == Reducer.MEAN && type == DataType.FLOAT32 && axis.numElements() > MAX_FLOAT_MEAN_AXES) {
            throw node.error(axis.numElements() + " axes given; TensorFlow Lite's float MEAN holds at most "
                    + MAX_FLOAT_MEAN_AXES + " (more overflow its MeanParams)");
        }
        FlatTable options = node.options(Options.REDUCER);
        keepDims = options != null && options.getBool(KEEP_DIMS, false);
        simd = Vectorization.use(node);
        if (axis.isConstant()) {
            plan = ReducePlan.of(node, input.shape(), axis.ints(), axis.offset(), axis.numElements(), keepDims);
            output.resize(plan.outputShape);
        } else {
            // The output shape depends on the axis values: it is sized at every run.
            plan = null;
            output.markDynamic();
        }
        // Sized for the largest output (no reduction at all), so a run never allocates.
        acc = type == DataType.FLOAT32 ? null : new long[Math.max(1, input.numElements())];
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        ReducePlan p = plan;
        if (p == null) {
            Tensor axis = node.input(1);
            p = ReducePlan.of(node, in.shape(), axis.ints(), axis.offset(), axis.numElements(), keepDims);
            out.resize(p.outputShape);
        }
        reduce(node, p);
        in = null;
        out = null;
    }

    private void reduce(Node node, ReducePlan p) {
        if (type != DataType.FLOAT32) {
            reduceIntegers(node, p);
            return;
        }
        float[] o = out.floats();
        int oBase = out.offset();
        int outSize = out.numElements();
        Arrays.fill(o, oBase, oBase + outSize, floatStart());
        current = p;
        int inSize = in.numElements();
        if (inSize > 0) {
            if (p.splitDim < 0) {
                slice(0, 0);
            } else {
                Parallel.run(node, p.dims[p.splitDim], inSize, task);
            }
        }
        current = null;
        if (reducer == Reducer.MEAN && p.count > 0) {
            float count = p.count;
            for (int i = 0; i < outSize; i++) {
                o[oBase + i] /= count;
            }
        }
    }

    private float floatStart() {
        switch (reducer) {
            case MAX:
                return -Float.MAX_VALUE;
            case MIN:
                return Float.MAX_VALUE;
            case PROD:
                return 1f;
            default:
                return 0f;
        }
    }

    /** Folds the input into the outputs whose index along the split dimension lies in {@code [from, to)}. */
    private void slice(int from, int to) {
        ReducePlan p = current;
        if (type != DataType.FLOAT32) {
            if (p.dims.length == 0) {
                acc[0] = fold(acc[0], in.dataType() == DataType.INT32 ? in.ints()[in.offset()]
                        : in.longs()[in.offset()]);
            } else {
                accumulateIntegers(p, 0, in.offset(), 0, from, to);
            }
            return;
        }
        if (p.dims.length == 0) {
            float[] o = out.floats();
            int oi = out.offset();
            o[oi] = fold(o[oi], in.floats()[in.offset()]);
            return;
        }
        accumulate(p, 0, in.offset(), out.offset(), from, to);
    }

    private float fold(float current, float x) {
        switch (reducer) {
            case MAX:
                return x > current ? x : current;
            case MIN:
                return x < current ? x : current;
            case PROD:
                return x * current;
            default:
                return current + x;
        }
    }

    private long fold(long current, long x) {
        switch (reducer) {
            case MAX:
                return Math.max(x, current);
            case MIN:
                return Math.min(x, current);
            case PROD:
                return x * current;
            default:
                return current + x;
        }
    }

    private void reduceIntegers(Node node, ReducePlan p) {
        int outSize = out.numElements();
        long start = reducer == Reducer.PROD ? 1 : reducer == Reducer.MAX ? lowest() : reducer == Reducer.MIN
                ? highest() : 0;
        Arrays.fill(acc, 0, outSize, start);
        current = p;
        int inSize = in.numElements();
        if (inSize > 0) {
            if (p.splitDim < 0) {
                slice(0, 0);
            } else {
                Parallel.run(node, p.dims[p.splitDim], inSize, task);
            }
        }
        current = null;
        long count = reducer == Reducer.MEAN && p.count > 0 ? p.count : 1;
        int oBase = out.offset();
        if (type == DataType.INT32) {
            int[] o = out.ints();
            for (int i = 0; i < outSize; i++) {
                o[oBase + i] = (int) (acc[i] / count);
            }
        } else {
            long[] o = out.longs();
            for (int i = 0; i < outSize; i++) {
                o[oBase + i] = acc[i] / count;
            }
        }
    }

    private long lowest() {
        return type == DataType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
    }

    private long highest() {
        return type == DataType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
    }

    private void accumulateIntegers(ReducePlan p, int d, int inOff, int accOff, int from, int to) {
        int lo = d == p.splitDim ? from : 0;
        int hi = d == p.splitDim ? to : p.dims[d];
        if (d == p.dims.length - 1) {
            boolean reduced = p.reduced[d];
            int[] xi = type == DataType.INT32 ? in.ints() : null;
            long[] xl = xi == null ? in.longs() : null;
            for (int i = lo; i < hi; i++) {
                long x = xi != null ? xi[inOff + i] : xl[inOff + i];
                int a = reduced ? accOff : accOff + i;
                acc[a] = fold(acc[a], x);
            }
            return;
        }
        int inStride = p.inStrides[d];
        int outStride = p.outStrides[d];
        for (int i = lo; i < hi; i++) {
            accumulateIntegers(p, d + 1, inOff + i * inStride, accOff + i * outStride, from, to);
        }
    }

    private void accumulate(ReducePlan p, int d, int inOff, int outOff, int from, int to) {
        int lo = d == p.splitDim ? from : 0;
        int hi = d == p.splitDim ? to : p.dims[d];
        float[] x = in.floats();
        float[] y = out.floats();
        boolean max = reducer == Reducer.MAX;
        if (d == p.dims.length - 1) {
            if (reducer == Reducer.MIN || reducer == Reducer.PROD) {
                for (int i = lo; i < hi; i++) {
                    int o = p.reduced[d] ? outOff : outOff + i;
                    y[o] = fold(y[o], x[inOff + i]);
                }
            } else if (p.reduced[d]) {
                y[outOff] = max ? maxOf(x, inOff + lo, hi - lo, y[outOff]) : sumOf(x, inOff + lo, hi - lo, y[outOff]);
            } else if (simd && SimdSwitch.on()) {
                if (max) {
                    SimdLoops.maxInto(x, inOff + lo, y, outOff + lo, hi - lo);
                } else {
                    SimdLoops.addInto(x, inOff + lo, y, outOff + lo, hi - lo);
                }
            } else if (max) {
                maxInto(x, inOff + lo, y, outOff + lo, hi - lo);
            } else {
                addInto(x, inOff + lo, y, outOff + lo, hi - lo);
            }
            return;
        }
        int inStride = p.inStrides[d];
        int outStride = p.outStrides[d];
        for (int i = lo; i < hi; i++) {
            accumulate(p, d + 1, inOff + i * inStride, outOff + i * outStride, from, to);
        }
    }

    private static float sumOf(float[] x, int xi, int n, float acc) {
        for (int i = 0; i < n; i++) {
            acc += x[xi + i];
        }
        return acc;
    }

    private static float maxOf(float[] x, int xi, int n, float acc) {
        for (int i = 0; i < n; i++) {
            float v = x[xi + i];
            acc = v > acc ? v : acc;
        }
        return acc;
    }

    private static void addInto(float[] x, int xi, float[] y, int yi, int n) {
        for (int i = 0; i < n; i++) {
            y[yi + i] += x[xi + i];
        }
    }

    private static void maxInto(float[] x, int xi, float[] y, int yi, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xi + i];
            float m = y[yi + i];
            y[yi + i] = v > m ? v : m;
        }
    }
}
