package dev.jlite.converter.passes;

import dev.jlite.DataType;
import dev.jlite.converter.emit.TfliteEmitter;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds small graphs for pass tests and runs them. */
final class Graphs {
    private final TflGraph g = new TflGraph("serving_default");
    private final SplittableRandom random;
    private int counter;

    Graphs(long seed) {
        random = new SplittableRandom(seed);
    }

    TflGraph graph() {
        return g;
    }

    Value input(int... shape) {
        Value v = new Value("in" + counter++, DataType.FLOAT32, shape);
        g.addInput(v.name(), v);
        return v;
    }

    Value random(int... shape) {
        float[] d = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) random.nextDouble(-1, 1);
        }
        return Value.constant("c" + counter++, Constant.of(d, shape));
    }

    Value ints(int... values) {
        return Value.constant("i" + counter++, Constant.vector(values));
    }

    Value op(BuiltinOperator code, int[] outShape, Map<String, Object> options, Value... inputs) {
        Value out = new Value("t" + counter++, DataType.FLOAT32, outShape);
        g.add(new Op(code, Arrays.asList(inputs), List.of(out), new HashMap<>(options), "test"));
        return out;
    }

    void output(Value v) {
        g.addOutput(v.name(), v);
    }

    static ByteBuffer write(TflGraph g) {
        return ByteBuffer.wrap(TfliteEmitter.write(List.of(g), "test")).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Runs officially; jlite must agree to 1e-5 where it has the kernels yet. */
    static float[] run(TflGraph g, float[]... inputs) {
        ByteBuffer m = write(g);
        float[] official = (float[]) OfficialInterpreter.run(m, false, (Object[]) inputs)[0];
        float[] jlite;
        try {
            jlite = (float[]) JliteRunner.run(m, (Object[]) inputs)[0];
        } catch (dev.jlite.UnsupportedOperatorException e) {
            return official;
        }
        for (int i = 0; i < jlite.length; i++) {
            if (Math.abs(jlite[i] - official[i]) > 1e-5f * Math.max(1, Math.abs(official[i]))) {
                throw new AssertionError("jlite and official differ at " + i + ": " + jlite[i] + " vs " + official[i]);
            }
        }
        return official;
    }

    static float[] randomInput(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextDouble(-2, 2);
        }
        return d;
    }
}
