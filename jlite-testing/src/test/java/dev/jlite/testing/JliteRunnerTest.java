package dev.jlite.testing;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.Tensor;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Node;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * jlite-testing does not see jlite-ops, so these tests register a minimal same-shape ADD kernel of their own: what
 * is under test is the flat-array plumbing, checked against the official interpreter.
 */
class JliteRunnerTest {

    private static final Interpreter.Options OPTIONS = new Interpreter.Options().setOpResolver(
            new MutableOpResolver().addBuiltin(BuiltinOperator.ADD, node -> new SameShapeAdd(), FLOAT32, INT32));

    @Test
    void floatOutputsMatchTheOfficialInterpreter() {
        ByteBuffer model = addModel(FLOAT32);
        float[] x = {1, -2, 3.5f, 4, 0.25f, -6};
        float[] y = {0.5f, 2, -1, 8, 0.25f, 1};

        Object[] jlite = JliteRunner.run(model, OPTIONS, x, y);
        Object[] official = OfficialInterpreter.run(model, false, x, y);

        assertThat(jlite).hasSize(1);
        assertThat((float[]) jlite[0]).containsExactly((float[]) official[0]);
        assertThat((float[]) jlite[0]).containsExactly(1.5f, 0, 2.5f, 12, 0.5f, -5);
    }

    @Test
    void intOutputsComeBackAsIntArrays() {
        ByteBuffer model = addModel(INT32);
        Object[] jlite = JliteRunner.run(model, OPTIONS, new int[] {1, 2, 3, 4, 5, 6}, new int[] {10, 20, 30, 40, 50,
            60});
        assertThat((int[]) jlite[0]).containsExactly(11, 22, 33, 44, 55, 66);
        assertThat((int[]) OfficialInterpreter.run(model, false, new int[] {1, 2, 3, 4, 5, 6},
                new int[] {10, 20, 30, 40, 50, 60})[0]).containsExactly(11, 22, 33, 44, 55, 66);
    }

    @Test
    void rejectsInputsOfTheWrongType() {
        ByteBuffer model = addModel(FLOAT32);
        assertThatThrownBy(() -> JliteRunner.run(model, OPTIONS, new int[6], new float[6]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JliteRunner.run(model, OPTIONS, "x", new float[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flat primitive array");
    }

    private static ByteBuffer addModel(DataType type) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD);
        b.input(type, 2, 3);
        b.input(type, 2, 3);
        b.output(type, 2, 3);
        return b.build();
    }

    /** Element-wise ADD of two same-shape tensors, no activation. */
    private static final class SameShapeAdd implements Kernel {
        @Override
        public void prepare(Node node) {
            node.checkArity(2, 2, 1);
            node.output(0).resize(node.input(0).shape());
        }

        @Override
        public void eval(Node node) {
            Tensor a = node.input(0);
            Tensor b = node.input(1);
            Tensor out = node.output(0);
            for (int i = 0; i < out.numElements(); i++) {
                if (out.dataType() == FLOAT32) {
                    out.floats()[out.offset() + i] = a.floats()[a.offset() + i] + b.floats()[b.offset() + i];
                } else {
                    out.ints()[out.offset() + i] = a.ints()[a.offset() + i] + b.ints()[b.offset() + i];
                }
            }
        }
    }
}
