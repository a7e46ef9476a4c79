package dev.jlite.converter.graph;

import dev.jlite.converter.ir.Constant;
import org.tensorflow.proto.AttrValue;

/**
 * Rewrites op variants into the form the shape functions and mappers know: {@code MaxPoolV2} (window and strides as
 * constant inputs, as TensorFlow Java's {@code nn.maxPool} writes it) becomes {@code MaxPool} with attributes.
 */
public final class OpCanonicalization {
    private OpCanonicalization() {}

    /** Canonicalizes {@code n} in place when its inputs allow it; returns whether it did. */
    public static boolean run(TfGraph g, TfNode n) {
        if (n.op.equals("MaxPoolV2") && n.inputs.size() == 3) {
            Constant ksize = constant(g, n.inputs.get(1));
            Constant strides = constant(g, n.inputs.get(2));
            if (ksize == null || strides == null) {
                return false;
            }
            n.op = "MaxPool";
            n.attrs.put("ksize", ints(ksize.asLongs()));
            n.attrs.put("strides", ints(strides.asLongs()));
            n.inputs.subList(1, 3).clear();
            return true;
        }
        return false;
    }

    private static Constant constant(TfGraph g, String ref) {
        return TfGraph.port(ref) == 0 ? g.producer(ref).value() : null;
    }

    private static AttrValue ints(long[] values) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long v : values) {
            l.addI(v);
        }
        return AttrValue.newBuilder().setList(l).build();
    }
}
