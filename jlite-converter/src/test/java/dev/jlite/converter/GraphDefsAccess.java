package dev.jlite.converter;

import org.tensorflow.proto.AttrValue;

/** {@link GraphDefs} for tests in other packages. */
public final class GraphDefsAccess {
    private GraphDefsAccess() {}

    /** A GraphDef writer. */
    public static Builder builder() {
        return new Builder();
    }

    public static String[] in(String... names) {
        return names;
    }

    public static AttrValue type(org.tensorflow.proto.DataType t) {
        return GraphDefs.type(t);
    }

    public static AttrValue i(long v) {
        return GraphDefs.i(v);
    }

    public static AttrValue b(boolean v) {
        return GraphDefs.b(v);
    }

    public static AttrValue s(String v) {
        return GraphDefs.s(v);
    }

    public static AttrValue ints(long... v) {
        return GraphDefs.ints(v);
    }

    /** Public face of {@link GraphDefs}. */
    public static final class Builder {
        private final GraphDefs g = new GraphDefs();

        public Builder placeholder(String name, long... dims) {
            g.placeholder(name, dims);
            return this;
        }

        public Builder constant(String name, float[] values, long... dims) {
            g.constant(name, values, dims);
            return this;
        }

        public Builder ints(String name, int[] values, long... dims) {
            g.ints(name, values, dims);
            return this;
        }

        public Builder op(String name, String op, String[] inputs, Object... attrs) {
            g.op(name, op, inputs, attrs);
            return this;
        }

        public org.tensorflow.proto.GraphDef build() {
            return g.build();
        }
    }
}
