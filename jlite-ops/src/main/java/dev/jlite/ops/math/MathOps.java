package dev.jlite.ops.math;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.MutableOpResolver;
import java.util.List;

/**
 * Registers the element-wise math kernels: unary math (ABS .. SQUARE, ELU, NEG, ZEROS_LIKE, LOGICAL_NOT),
 * MAXIMUM/MINIMUM, POW, SQUARED_DIFFERENCE, FLOOR_DIV/FLOOR_MOD, comparisons, LOGICAL_AND/OR, the INT64 kernels of
 * ADD, SUB and MUL, SELECT/SELECT_V2, ADD_N, CAST, FILL, and the quantized kernels of the activations (RELU family,
 * LEAKY_RELU, ELU, PRELU), ABS, RSQRT, SQUARED_DIFFERENCE and UINT8 DIV. Each is registered for exactly the types
 * TensorFlow Lite 2.6.2 has a kernel for (the float activations are the elementwise family's).
 *
 * <p>The operators and their types are listed here, not read off the function enums: an enum's first use creates
 * every constant, and these enums' 39 constants with bodies are a class each. Loading them took 18-23 ms of every
 * cold JVM's first interpreter, whether or not its model had a single math operator; now a kernel's first creation
 * loads its own enum.
 */
public final class MathOps {
    /** BuiltinOptions union types holding a fused activation. */
    private static final int ADD_OPTIONS = 11;
    private static final int MUL_OPTIONS = 21;
    private static final int SUB_OPTIONS = 28;

    /** Which kernel (and which enum of functions) runs an entry's operator. */
    private enum Kind { UNARY, QUANTIZED_UNARY, QUANTIZED_BINARY, BINARY, COMPARISON, OTHER }

    /** One registration: the operator, its kernel, and the types of the first input TensorFlow Lite 2.6.2 has. */
    private record Entry(BuiltinOperator op, Kind kind, List<DataType> types) {
        Entry(BuiltinOperator op, Kind kind, DataType... types) {
            this(op, kind, List.of(types));
        }
    }

    private static final DataType[] COMPARED = {FLOAT32, INT32, INT64, INT8, UINT8};
    private static final DataType[] COMPARED_FOR_EQUALITY = {FLOAT32, INT32, INT64, INT8, UINT8, BOOL};
    private static final DataType[] MIN_MAX = {FLOAT32, INT32, INT64, INT8, UINT8, INT16};

    /** In registration order, which is also the order {@code jlite ops} lists them. */
    private static final List<Entry> ENTRIES = List.of(
            new Entry(BuiltinOperator.ABS, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.CEIL, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.FLOOR, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.ROUND, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.COS, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.SIN, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.EXP, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.LOG, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.SQRT, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.RSQRT, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.SQUARE, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.ELU, Kind.UNARY, FLOAT32),
            new Entry(BuiltinOperator.NEG, Kind.UNARY, FLOAT32, INT32, INT64),
            new Entry(BuiltinOperator.ZEROS_LIKE, Kind.UNARY, FLOAT32, INT32, INT64),
            new Entry(BuiltinOperator.LOGICAL_NOT, Kind.UNARY, BOOL),
            new Entry(BuiltinOperator.RELU, Kind.QUANTIZED_UNARY, INT8, UINT8, INT16),
            new Entry(BuiltinOperator.RELU6, Kind.QUANTIZED_UNARY, INT8, UINT8, INT16),
            new Entry(BuiltinOperator.RELU_N1_TO_1, Kind.QUANTIZED_UNARY, INT8, UINT8),
            new Entry(BuiltinOperator.LEAKY_RELU, Kind.QUANTIZED_UNARY, INT8, UINT8, INT16),
            new Entry(BuiltinOperator.ELU, Kind.QUANTIZED_UNARY, INT8),
            new Entry(BuiltinOperator.RSQRT, Kind.QUANTIZED_UNARY, INT8),
            new Entry(BuiltinOperator.ABS, Kind.QUANTIZED_UNARY, INT8, INT16),
            new Entry(BuiltinOperator.PRELU, Kind.QUANTIZED_BINARY, INT8, UINT8),
            new Entry(BuiltinOperator.SQUARED_DIFFERENCE, Kind.QUANTIZED_BINARY, INT8),
            new Entry(BuiltinOperator.DIV, Kind.QUANTIZED_BINARY, UINT8),
            new Entry(BuiltinOperator.MAXIMUM, Kind.BINARY, MIN_MAX),
            new Entry(BuiltinOperator.MINIMUM, Kind.BINARY, MIN_MAX),
            new Entry(BuiltinOperator.POW, Kind.BINARY, FLOAT32, INT32),
            new Entry(BuiltinOperator.SQUARED_DIFFERENCE, Kind.BINARY, FLOAT32, INT32),
            new Entry(BuiltinOperator.FLOOR_DIV, Kind.BINARY, FLOAT32, INT32),
            new Entry(BuiltinOperator.FLOOR_MOD, Kind.BINARY, FLOAT32, INT32, INT64),
            new Entry(BuiltinOperator.LOGICAL_AND, Kind.BINARY, BOOL),
            new Entry(BuiltinOperator.LOGICAL_OR, Kind.BINARY, BOOL),
            new Entry(BuiltinOperator.ADD, Kind.BINARY, INT64),
            new Entry(BuiltinOperator.SUB, Kind.BINARY, INT64),
            new Entry(BuiltinOperator.MUL, Kind.BINARY, INT64),
            new Entry(BuiltinOperator.EQUAL, Kind.COMPARISON, COMPARED_FOR_EQUALITY),
            new Entry(BuiltinOperator.NOT_EQUAL, Kind.COMPARISON, COMPARED_FOR_EQUALITY),
            new Entry(BuiltinOperator.GREATER, Kind.COMPARISON, COMPARED),
            new Entry(BuiltinOperator.GREATER_EQUAL, Kind.COMPARISON, COMPARED),
            new Entry(BuiltinOperator.LESS, Kind.COMPARISON, COMPARED),
            new Entry(BuiltinOperator.LESS_EQUAL, Kind.COMPARISON, COMPARED),
            // Registered by the type of the first input: the condition, and the dims of FILL.
            new Entry(BuiltinOperator.SELECT, Kind.OTHER, BOOL),
            new Entry(BuiltinOperator.SELECT_V2, Kind.OTHER, BOOL),
            new Entry(BuiltinOperator.ADD_N, Kind.OTHER, FLOAT32, INT32),
            new Entry(BuiltinOperator.CAST, Kind.OTHER, CastKernel.TYPES),
            new Entry(BuiltinOperator.FILL, Kind.OTHER, INT32, INT64));

    private MathOps() {}

    /**
     * Adds every kernel of this family to {@code resolver}, for all operator versions. One lambda for the whole
     * family: the JVM generates a class for each lambda the first time it runs, and a hundred of them were most of
     * the time it took to build the op resolver in a fresh JVM (30-45 ms).
     */
    public static void register(MutableOpResolver resolver) {
        for (Entry e : ENTRIES) {
            resolver.addBuiltin(e.op(), node -> create(e), e.types().toArray(DataType[]::new));
        }
    }

    private static Kernel create(Entry e) {
        String name = e.op().name();
        return switch (e.kind()) {
            case UNARY -> new UnaryMathKernel(UnaryFunction.valueOf(name), e.types());
            case QUANTIZED_UNARY -> new QuantizedUnaryKernel(QuantizedUnaryFunction.valueOf(name), e.types());
            case QUANTIZED_BINARY -> new QuantizedBinaryKernel(QuantizedBinaryKernel.Op.valueOf(name), e.types());
            case BINARY -> new BinaryMathKernel(BinaryFunction.valueOf(name), activationOptions(e.op()), e.types());
            case COMPARISON -> new ComparisonKernel(Comparison.valueOf(name), e.types());
            case OTHER -> switch (e.op()) {
                case SELECT -> new SelectKernel(false);
                case SELECT_V2 -> new SelectKernel(true);
                case ADD_N -> new AddNKernel();
                case CAST -> new CastKernel();
                case FILL -> new FillKernel();
                default -> throw new IllegalArgumentException("no kernel for " + e.op() + " in this family");
            };
        };
    }

    /** The BuiltinOptions union type holding the operator's fused activation, or 0 when it has none. */
    private static int activationOptions(BuiltinOperator op) {
        return switch (op) {
            case ADD -> ADD_OPTIONS;
            case SUB -> SUB_OPTIONS;
            case MUL -> MUL_OPTIONS;
            default -> 0;
        };
    }
}
