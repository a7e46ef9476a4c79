package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Vectorization;
import java.util.Arrays;

/**
 * Float MEAN, SUM and REDUCE_MAX over the axes given by an int32 tensor, with ReducerOptions {@code keep_dims}.
 * Values are folded in the input's row-major order, as TensorFlow Lite's reference reduction does, so sums round
 * the same way. REDUCE_MAX starts from {@code -Float.MAX_VALUE} and skips NaN inputs, as TensorFlow Lite's
 * {@code in > current ? in : current} does. A MEAN over no elements is 0.
 */
final class ReduceKernel implements Kernel {
    /** Which reduction. */
    enum Reducer { MEAN, SUM, MAX }

    /** The {@code keep_dims} field of ReducerOptions. */
    private static final int KEEP_DIMS = 0;

    private final Reducer reducer;
    private final ThreadPool.RangeTask task = this::slice;
    private boolean keepDims;
    private boolean simd;
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
        if (input.dataType() != DataType.FLOAT32 || output.dataType() != DataType.FLOAT32) {
            throw node.error("only FLOAT32 is supported, got " + input.dataType() + " -> " + output.dataType());
        }
        if (axis.dataType() != DataType.INT32) {
            throw node.error("axis must be INT32, got " + axis.dataType());
        }
        if (axis.numDimensions() > 1) {
            throw node.error("axis must be a scalar or a vector, got rank " + axis.numDimensions());
        }
        FlatTable options = Options.of(node, Options.REDUCER, "ReducerOptions");
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
        float[] o = out.floats();
        int oBase = out.offset();
        int outSize = out.numElements();
        Arrays.fill(o, oBase, oBase + outSize, reducer == Reducer.MAX ? -Float.MAX_VALUE : 0f);
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

    /** Folds the input into the outputs whose index along the split dimension lies in {@code [from, to)}. */
    private void slice(int from, int to) {
        ReducePlan p = current;
        if (p.dims.length == 0) {
            float[] o = out.floats();
            float x = in.floats()[in.offset()];
            int oi = out.offset();
            o[oi] = reducer == Reducer.MAX ? (x > o[oi] ? x : o[oi]) : o[oi] + x;
            return;
        }
        accumulate(p, 0, in.offset(), out.offset(), from, to);
    }

    private void accumulate(ReducePlan p, int d, int inOff, int outOff, int from, int to) {
        int lo = d == p.splitDim ? from : 0;
        int hi = d == p.splitDim ? to : p.dims[d];
        float[] x = in.floats();
        float[] y = out.floats();
        boolean max = reducer == Reducer.MAX;
        if (d == p.dims.length - 1) {
            if (p.reduced[d]) {
                y[outOff] = max ? maxOf(x, inOff + lo, hi - lo, y[outOff]) : sumOf(x, inOff + lo, hi - lo, y[outOff]);
            } else if (simd) {
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
