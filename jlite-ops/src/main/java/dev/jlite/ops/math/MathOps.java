package dev.jlite.ops.math;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.MutableOpResolver;

/**
 * Registers the element-wise math kernels: unary math (ABS .. SQUARE, ELU, NEG, ZEROS_LIKE, LOGICAL_NOT),
 * MAXIMUM/MINIMUM, POW, SQUARED_DIFFERENCE, FLOOR_DIV/FLOOR_MOD, comparisons, LOGICAL_AND/OR, the INT64 kernels of
 * ADD, SUB and MUL, SELECT/SELECT_V2, ADD_N, CAST, FILL, and the quantized kernels of the activations (RELU family,
 * LEAKY_RELU, ELU, PRELU), ABS, RSQRT, SQUARED_DIFFERENCE and UINT8 DIV. Each is registered for exactly the types
 * TensorFlow Lite 2.6.2 has a kernel for (the float activations are the elementwise family's).
 */
public final class MathOps {
    /** BuiltinOptions union types holding a fused activation. */
    private static final int ADD_OPTIONS = 11;
    private static final int MUL_OPTIONS = 21;
    private static final int SUB_OPTIONS = 28;

    private MathOps() {}

    /** Adds every kernel of this family to {@code resolver}, for all operator versions. */
    public static void register(MutableOpResolver resolver) {
        for (UnaryFunction f : UnaryFunction.values()) {
            resolver.addBuiltin(BuiltinOperator.valueOf(f.name()), node -> new UnaryMathKernel(f), f.types());
        }
        for (QuantizedUnaryFunction f : QuantizedUnaryFunction.values()) {
            resolver.addBuiltin(BuiltinOperator.valueOf(f.name()), node -> new QuantizedUnaryKernel(f), f.types());
        }
        for (QuantizedBinaryKernel.Op op : QuantizedBinaryKernel.Op.values()) {
            resolver.addBuiltin(BuiltinOperator.valueOf(op.name()), node -> new QuantizedBinaryKernel(op), op.types());
        }
        for (BinaryFunction f : BinaryFunction.values()) {
            int activation = switch (f) {
                case ADD -> ADD_OPTIONS;
                case SUB -> SUB_OPTIONS;
                case MUL -> MUL_OPTIONS;
                default -> 0;
            };
            resolver.addBuiltin(BuiltinOperator.valueOf(f.name()), node -> new BinaryMathKernel(f, activation),
                    f.types());
        }
        for (Comparison c : Comparison.values()) {
            resolver.addBuiltin(BuiltinOperator.valueOf(c.name()), node -> new ComparisonKernel(c), c.types());
        }
        // Registered by the type of the first input: the condition, and the dims of FILL.
        add(resolver, BuiltinOperator.SELECT, BOOL);
        add(resolver, BuiltinOperator.SELECT_V2, BOOL);
        add(resolver, BuiltinOperator.ADD_N, FLOAT32, INT32);
        add(resolver, BuiltinOperator.CAST, CastKernel.TYPES);
        add(resolver, BuiltinOperator.FILL, INT32, INT64);
    }

    /**
     * Registers the kernel {@link #create} makes for {@code op}. One lambda for the whole family, with a switch,
     * rather than a lambda per operator: the JVM generates a class for each lambda the first time it runs, and a
     * hundred of them were most of the time it took to build the op resolver in a fresh JVM (30-45 ms).
     */
    private static void add(MutableOpResolver resolver, BuiltinOperator op, DataType... types) {
        resolver.addBuiltin(op, node -> create(op), types);
    }

    private static Kernel create(BuiltinOperator op) {
        return switch (op) {
            case SELECT -> new SelectKernel(false);
            case SELECT_V2 -> new SelectKernel(true);
            case ADD_N -> new AddNKernel();
            case CAST -> new CastKernel();
            case FILL -> new FillKernel();
            default -> throw new IllegalArgumentException("no kernel for " + op + " in this family");
        };
    }
}
