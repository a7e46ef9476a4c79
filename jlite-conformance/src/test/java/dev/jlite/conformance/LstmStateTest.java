package dev.jlite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.Interpreter;
import dev.jlite.testing.Compare;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * The LSTMs' output and cell states are variable tensors: each run starts where the previous one ended, in jlite
 * as in the official interpreter. Three runs of the same input through one interpreter of each kind must agree
 * run by run, and differ from run to run.
 */
class LstmStateTest {
    @Test
    void statesCarryOverFromRunToRunAsInTheOfficialInterpreter() {
        assertThat(OfficialInterpreter.isAvailable()).as("official interpreter: %s",
                OfficialInterpreter.unavailableReason()).isTrue();
        for (long seed = 1; seed <= 12; seed++) {
            boolean sequence = seed % 2 == 0;
            boolean hybrid = seed % 3 == 0;
            DiffCase c = LstmCases.lstm(new CaseRandom(seed), sequence, hybrid);
            ByteBuffer model = c.model();
            try (Interpreter jlite = new Interpreter(copy(model), new Interpreter.Options());
                    OfficialInterpreter official = new OfficialInterpreter(copy(model), 1, false)) {
                float[] previous = null;
                for (int run = 0; run < 3; run++) {
                    for (int i = 0; i < c.inputs().length; i++) {
                        jlite.setInput(i, FloatBuffer.wrap((float[]) c.inputs()[i]));
                    }
                    jlite.invoke();
                    float[] actual = new float[jlite.getOutputTensor(0).numElements()];
                    jlite.getOutput(0, FloatBuffer.wrap(actual));
                    float[] expected = (float[]) official.runFlat(c.inputs())[0];
                    Compare.assertClose(c.description() + ", run " + run, actual, expected, 1e-4);
                    if (previous != null) {
                        assertThat(actual).as("%s: run %d repeats run %d", c.description(), run, run - 1)
                                .isNotEqualTo(previous);
                    }
                    previous = actual;
                }
            }
        }
    }

    private static ByteBuffer copy(ByteBuffer model) {
        ByteBuffer b = model.duplicate();
        b.rewind();
        ByteBuffer direct = ByteBuffer.allocateDirect(b.remaining());
        direct.put(b).flip();
        return direct;
    }
}
