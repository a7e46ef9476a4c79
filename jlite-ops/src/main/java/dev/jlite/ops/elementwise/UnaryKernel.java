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
    private ThreadPool.RangeTask task;
    private float alpha;
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
        task = Vectorization.use(node) ? vectorTask() : this::scalar;
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

    private void scalar(int from, int to) {
        op.apply(in.floats(), in.offset() + from, out.floats(), out.offset() + from, to - from, alpha);
    }

    /**
     * One task per function, each calling its own vector loop. The thread pool's call of a task is megamorphic, so
     * the JIT compiles each task alone with its one loop inlined. A single task dispatching over all the loops was
     * compiled as one large method in which JDK 17's C2 ran out of its parse-time inlining budget and boxed the
     * vectors of the loops it inlined late (selfie_segmentation, with HARD_SWISH and LOGISTIC: 0.15 to 49 MB
     * allocated per inference).
     */
    private ThreadPool.RangeTask vectorTask() {
        return switch (op) {
            case RELU -> (from, to) -> {
                if (SimdSwitch.on()) {
                    tail(from, to, SimdLoops.clamp(in.floats(), in.offset() + from, out.floats(), out.offset() + from,
                            to - from, 0f, Float.POSITIVE_INFINITY));
                } else {
                    scalar(from, to);
                }
            };
            case RELU6 -> (from, to) -> {
                if (SimdSwitch.on()) {
                    tail(from, to, SimdLoops.relu6(in.floats(), in.offset() + from, out.floats(), out.offset() + from,
                            to - from));
                } else {
                    scalar(from, to);
                }
            };
            case RELU_N1_TO_1 -> (from, to) -> {
                if (SimdSwitch.on()) {
                    tail(from, to, SimdLoops.clamp(in.floats(), in.offset() + from, out.floats(), out.offset() + from,
                            to - from, -1f, 1f));
                } else {
                    scalar(from, to);
                }
            };
            case LEAKY_RELU -> (from, to) -> {
                if (SimdSwitch.on()) {
                    tail(from, to, SimdLoops.leakyRelu(in.floats(), in.offset() + from, out.floats(),
                            out.offset() + from, to - from, alpha));
                } else {
                    scalar(from, to);
                }
            };
            case HARD_SWISH -> (from, to) -> {
                if (SimdSwitch.on()) {
                    tail(from, to, SimdLoops.hardSwish(in.floats(), in.offset() + from, out.floats(),
                            out.offset() + from, to - from));
                } else {
                    scalar(from, to);
                }
            };
            case LOGISTIC -> (from, to) -> {
                if (SimdSwitch.on()) {
                    tail(from, to, SimdLoops.logistic(in.floats(), in.offset() + from, out.floats(),
                            out.offset() + from, to - from));
                } else {
                    scalar(from, to);
                }
            };
            case TANH -> (from, to) -> {
                if (SimdSwitch.on()) {
                    tail(from, to, SimdLoops.tanh(in.floats(), in.offset() + from, out.floats(), out.offset() + from,
                            to - from));
                } else {
                    scalar(from, to);
                }
            };
        };
    }

    /** The scalar code finishes what a vector loop left: the last elements, fewer than a vector. */
    private void tail(int from, int to, int done) {
        if (from + done < to) {
            scalar(from + done, to);
        }
    }
}
