package dev.jlite.ops.control;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.SubgraphCall;
import java.util.Arrays;

/**
 * WHILE: loop variables start as the inputs; while the condition subgraph returns true on them, the body subgraph
 * maps them to their next values; the outputs are their final values. When the body keeps every shape, everything
 * is prepared once; when a shape changes from one iteration to the next (a growing sequence), the outputs are
 * sized while running and the subgraphs are prepared again for the new shapes, as in TensorFlow Lite.
 */
final class WhileKernel implements Kernel {
    private static final int WHILE_OPTIONS = 93;
    private static final int COND_SUBGRAPH = 0;
    private static final int BODY_SUBGRAPH = 1;

    private SubgraphCall cond;
    private SubgraphCall body;
    private Tensor[] state;
    private boolean dynamic;

    @Override
    public void prepare(Node node) {
        int n = node.inputCount();
        if (n != node.outputCount()) {
            throw node.error("has " + n + " inputs and " + node.outputCount() + " outputs; they must pair up");
        }
        FlatTable options = node.options(WHILE_OPTIONS);
        if (options == null) {
            throw node.error("has no WhileOptions naming its condition and body");
        }
        cond = node.subgraph(options.getInt(COND_SUBGRAPH, 0));
        body = node.subgraph(options.getInt(BODY_SUBGRAPH, 0));
        if (cond.inputCount() != n || cond.outputCount() != 1) {
            throw node.error("condition subgraph " + cond.index() + " must take " + n + " inputs and give 1 output,"
                    + " has " + cond.inputCount() + " and " + cond.outputCount());
        }
        if (body.inputCount() != n || body.outputCount() != n) {
            throw node.error("body subgraph " + body.index() + " must take and give " + n + " tensors, has "
                    + body.inputCount() + " and " + body.outputCount());
        }
        Tensor[] inputs = new Tensor[n];
        state = new Tensor[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = node.requireInput(i);
            state[i] = node.output(i);
            SubgraphTensors.checkSameType(node, "input and output " + i, inputs[i], state[i]);
            SubgraphTensors.checkSameType(node, "condition input " + i, inputs[i], cond.input(i));
            SubgraphTensors.checkSameType(node, "body input " + i, inputs[i], body.input(i));
        }
        SubgraphTensors.shapeInputs(cond, inputs);
        SubgraphTensors.shapeInputs(body, inputs);
        Tensor verdict = cond.output(0);
        if (verdict.dataType() != DataType.BOOL) {
            throw node.error("condition subgraph " + cond.index() + " must return BOOL, returns "
                    + verdict.dataType());
        }
        dynamic = false;
        for (int i = 0; i < n; i++) {
            SubgraphTensors.checkSameType(node, "body output " + i, body.output(i), state[i]);
            if (body.output(i).isDynamic() || !Arrays.equals(body.output(i).shape(), inputs[i].shape())) {
                dynamic = true;
            }
        }
        for (int i = 0; i < n; i++) {
            if (dynamic) {
                state[i].markDynamic();
            } else {
                state[i].resize(inputs[i].shape());
            }
        }
    }

    @Override
    public void eval(Node node) {
        for (int i = 0; i < state.length; i++) {
            Tensor in = node.input(i);
            if (dynamic) {
                state[i].resize(in.shape());
            }
            SubgraphTensors.copy(in, state[i]);
        }
        while (true) {
            if (dynamic) {
                SubgraphTensors.shapeInputs(cond, state);
            }
            SubgraphTensors.feed(cond, state);
            cond.invoke();
            Tensor verdict = cond.output(0);
            if (verdict.numElements() < 1 || verdict.bytes()[verdict.offset()] == 0) {
                return;
            }
            if (dynamic) {
                SubgraphTensors.shapeInputs(body, state);
            }
            SubgraphTensors.feed(body, state);
            body.invoke();
            for (int i = 0; i < state.length; i++) {
                Tensor next = body.output(i);
                if (dynamic) {
                    state[i].resize(next.shape());
                }
                SubgraphTensors.copy(next, state[i]);
            }
        }
    }
}
