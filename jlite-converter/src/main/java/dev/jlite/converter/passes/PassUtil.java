package dev.jlite.converter.passes;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import java.util.List;
import java.util.Map;

/** Helpers shared by the passes. */
final class PassUtil {
    private PassUtil() {}

    /** The only operator reading {@code v}, or null when several do, none does, or it is a graph output. */
    static Op soleConsumer(TflGraph g, Map<Value, List<Op>> consumers, Value v) {
        List<Op> c = consumers.get(v);
        if (c == null || c.size() != 1 || g.isOutput(v)) {
            return null;
        }
        return c.get(0);
    }

    /**
     * Per-channel values of a constant that broadcasts along the last dimension of a tensor with {@code channels}
     * channels (shape [], [C], [1, C], [1, 1, 1, C]...), expanded to C values; null for any other shape.
     */
    static float[] perChannel(Value c, int channels) {
        if (c == null || !c.isConstant() || c.type() != dev.jlite.DataType.FLOAT32) {
            return null;
        }
        int[] s = c.shape();
        for (int i = 0; i < s.length - 1; i++) {
            if (s[i] != 1) {
                return null;
            }
        }
        float[] v = c.constant().floats();
        if (v.length == channels) {
            return v;
        }
        if (v.length == 1) {
            float[] r = new float[channels];
            java.util.Arrays.fill(r, v[0]);
            return r;
        }
        return null;
    }

    /** The constant input of a binary op and the other input's index, or -1 when neither is constant. */
    static int constantSide(Op op) {
        if (op.input(1) != null && op.input(1).isConstant()) {
            return 1;
        }
        if (op.input(0) != null && op.input(0).isConstant()) {
            return 0;
        }
        return -1;
    }
}
