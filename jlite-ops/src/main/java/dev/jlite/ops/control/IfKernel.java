package dev.jlite.ops.control;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.SubgraphCall;
import java.util.Arrays;

/**
 * IF: runs the then- or else-subgraph on inputs 1..n, chosen by the boolean scalar input 0. Both branches are
 * prepared up front, so a shape error in either shows at prepare time, as in TensorFlow Lite; an output whose shape
 * the branches disagree on is sized while running.
 */
final class IfKernel implements Kernel {
    private static final int IF_OPTIONS = 92;
    private static final int THEN_SUBGRAPH = 0;
    private static final int ELSE_SUBGRAPH = 1;

    private SubgraphCall thenBranch;
    private SubgraphCall elseBranch;
    private Tensor[] operands;
    private boolean dynamicOutputs;

    @Override
    public void prepare(Node node) {
        if (node.inputCount() < 1) {
            throw node.error("needs the condition as input 0");
        }
        Tensor condition = node.requireInput(0);
        if (condition.dataType() != DataType.BOOL || condition.numElements() != 1) {
            throw node.error("condition must be a single BOOL, is " + condition.dataType() + " "
                    + Arrays.toString(condition.shape()));
        }
        FlatTable options = node.options(IF_OPTIONS);
        if (options == null) {
            throw node.error("has no IfOptions naming its branches");
        }
        thenBranch = node.subgraph(options.getInt(THEN_SUBGRAPH, 0));
        elseBranch = node.subgraph(options.getInt(ELSE_SUBGRAPH, 0));
        operands = new Tensor[node.inputCount() - 1];
        for (int i = 0; i < operands.length; i++) {
            operands[i] = node.requireInput(i + 1);
        }
        for (SubgraphCall branch : new SubgraphCall[] {thenBranch, elseBranch}) {
            String name = "branch subgraph " + branch.index();
            if (branch.inputCount() != operands.length || branch.outputCount() != node.outputCount()) {
                throw node.error(name + " has " + branch.inputCount() + " inputs and " + branch.outputCount()
                        + " outputs; the operator passes " + operands.length + " and takes " + node.outputCount());
            }
            for (int i = 0; i < operands.length; i++) {
                SubgraphTensors.checkSameType(node, name + " input " + i, operands[i], branch.input(i));
            }
            SubgraphTensors.shapeInputs(branch, operands);
            for (int i = 0; i < node.outputCount(); i++) {
                SubgraphTensors.checkSameType(node, name + " output " + i, branch.output(i), node.output(i));
            }
        }
        dynamicOutputs = false;
        for (int i = 0; i < node.outputCount(); i++) {
            Tensor a = thenBranch.output(i);
            Tensor b = elseBranch.output(i);
            if (a.isDynamic() || b.isDynamic() || !Arrays.equals(a.shape(), b.shape())) {
                dynamicOutputs = true;
            }
        }
        for (int i = 0; i < node.outputCount(); i++) {
            if (dynamicOutputs) {
                node.output(i).markDynamic();
            } else {
                node.output(i).resize(thenBranch.output(i).shape());
            }
        }
    }

    @Override
    public void eval(Node node) {
        Tensor condition = node.input(0);
        SubgraphCall branch = condition.bytes()[condition.offset()] != 0 ? thenBranch : elseBranch;
        SubgraphTensors.feed(branch, operands);
        branch.invoke();
        for (int i = 0; i < node.outputCount(); i++) {
            Tensor out = node.output(i);
            if (dynamicOutputs) {
                out.resize(branch.output(i).shape());
            }
            SubgraphTensors.copy(branch.output(i), out);
        }
    }
}
