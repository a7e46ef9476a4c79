package dev.jlite.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.SubgraphBuilder;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Control-flow operators that a crafted model points at the wrong subgraphs fail cleanly, never recurse forever. */
class ControlFlowErrorsTest {
    private static ByteBuffer ifModel(int thenIndex, int elseIndex) {
        OpModel m = new OpModel(BuiltinOperator.IF).noDefaultOperator();
        SubgraphBuilder main = m.graph();
        int cond = main.input("cond", DataType.BOOL, 1);
        int x = main.input("x", DataType.FLOAT32, 2);
        int out = main.tensor("out", DataType.FLOAT32, 2);
        main.output(out);
        SubgraphBuilder branch = m.model().subgraph("branch");
        int a = branch.input("a", DataType.FLOAT32, 2);
        branch.output(a);
        main.operator(BuiltinOperator.IF, new int[] {cond, x}, new int[] {out}, ifOptions(thenIndex, elseIndex));
        return m.build();
    }

    private static BuiltinOptions ifOptions(int thenIndex, int elseIndex) {
        return BuiltinOptions.raw(92, fbb -> {
            fbb.startTable(2);
            fbb.addInt(0, thenIndex, 0);
            fbb.addInt(1, elseIndex, 0);
            return fbb.endTable();
        });
    }

    @Test
    void aBranchThatCallsItselfIsACycle() {
        // Subgraph 1 runs an IF whose branches are subgraph 1 again: well-formed arities, endless recursion.
        OpModel m = new OpModel(BuiltinOperator.IF).noDefaultOperator();
        SubgraphBuilder main = m.graph();
        int cond = main.input("cond", DataType.BOOL, 1);
        int inner = main.input("inner", DataType.BOOL, 1);
        int x = main.input("x", DataType.FLOAT32, 2);
        int out = main.tensor("out", DataType.FLOAT32, 2);
        main.output(out);
        SubgraphBuilder branch = m.model().subgraph("branch");
        int c = branch.input("c", DataType.BOOL, 1);
        int a = branch.input("a", DataType.FLOAT32, 2);
        int b = branch.tensor("b", DataType.FLOAT32, 2);
        branch.operator(BuiltinOperator.IF, new int[] {c, c, a}, new int[] {b}, ifOptions(1, 1));
        branch.output(b);
        main.operator(BuiltinOperator.IF, new int[] {cond, inner, x}, new int[] {out}, ifOptions(1, 1));
        try (Interpreter interpreter = new Interpreter(m.build())) {
            assertThatThrownBy(interpreter::allocateTensors).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("subgraph 1 is called by one of its own operators");
        }
    }

    @Test
    void aBranchPastTheLastSubgraphIsNamed() {
        try (Interpreter interpreter = new Interpreter(ifModel(1, 7))) {
            assertThatThrownBy(interpreter::allocateTensors).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("subgraph 7").hasMessageContaining("IF");
        }
    }
}
