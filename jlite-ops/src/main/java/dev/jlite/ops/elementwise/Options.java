package dev.jlite.ops.elementwise;

/** The {@code BuiltinOptions} union members of this family's option tables, for {@code Node.options(type)}. */
final class Options {
    static final int SOFTMAX = 9;
    static final int ADD = 11;
    static final int L2_NORM = 12;
    static final int LOCAL_RESPONSE_NORMALIZATION = 13;
    static final int MUL = 21;
    static final int REDUCER = 27;
    static final int SUB = 28;
    static final int DIV = 29;
    static final int LEAKY_RELU = 75;

    private Options() {}
}
