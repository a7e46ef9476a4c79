package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;

/** The float activations RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU, HARD_SWISH, LOGISTIC and TANH. */
final class UnaryKernel implements Kernel {
    /** The {@code alpha} field of LeakyReluOptions. */
    private static final int ALPHA = 0;

    private final UnaryOp op;
    private final ThreadPool.RangeTask task = this::range;
    private float alpha;
    private boolean simd;
    private Tensor in;
    private Tensor out;

    UnaryKernel(UnaryOp op) {
        this.op = op;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        if (input.dataType() != DataType.FLOAT32 || output.dataType() != DataType.FLOAT32) {
            throw node.error("only FLOAT32 is supported, got " + input.dataType() + " -> " + output.dataType());
        }
        if (op == UnaryOp.LEAKY_RELU) {
            FlatTable options = node.options(Options.LEAKY_RELU);
            alpha = options == null ? 0f : options.getFloat(ALPHA, 0f);
        }
        simd = Vectorization.use(node);
        output.resize(input.shape());
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        int n = in.numElements();
        Parallel.run(node, n, (long) n * op.cost, task);
        in = null;
        out = null;
    }

    private void range(int from, int to) {
        if (simd && SimdSwitch.on()) {
            SimdLoops.unary(op, in.floats(), in.offset() + from, out.floats(), out.offset() + from, to - from, alpha);
        } else {
            op.apply(in.floats(), in.offset() + from, out.floats(), out.offset() + from, to - from, alpha);
        }
    }
}
