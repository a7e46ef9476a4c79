package dev.jlite.ops.quant;

import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Node;

/**
 * Registers the quantized (INT8, UINT8, INT16) kernels of the elementwise, pooling, reduction, softmax and
 * requantizing shape operators, beside the float kernels of the same operators (the node's first input type picks).
 */
public final class QuantizedOps {
    private QuantizedOps() {}

    /** Adds this family's kernels to {@code resolver}, for all operator versions. */
    public static void register(MutableOpResolver resolver) {
        for (BuiltinOperator op : new BuiltinOperator[] {BuiltinOperator.ADD, BuiltinOperator.SUB,
                BuiltinOperator.MUL, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D,
                BuiltinOperator.MEAN, BuiltinOperator.SOFTMAX, BuiltinOperator.CONCATENATION, BuiltinOperator.PAD,
                BuiltinOperator.PADV2, BuiltinOperator.RESIZE_BILINEAR, BuiltinOperator.RESIZE_NEAREST_NEIGHBOR}) {
            add(resolver, op, INT8, UINT8, INT16);
        }
        // LOGISTIC and TANH: a lookup table for 8 bits, fixed-point arithmetic for INT16 (create picks by type).
        add(resolver, BuiltinOperator.LOGISTIC, INT8, UINT8, INT16);
        add(resolver, BuiltinOperator.TANH, INT8, UINT8, INT16);
        add(resolver, BuiltinOperator.HARD_SWISH, INT8, UINT8);
    }

    /**
     * Registers the kernel {@link #create} makes for {@code op}. One lambda for the whole family, with a switch,
     * rather than a lambda per operator: the JVM generates a class for each lambda the first time it runs, and a
     * hundred of them were most of the time it took to build the op resolver in a fresh JVM (30-45 ms).
     */
    private static void add(MutableOpResolver resolver, BuiltinOperator op, DataType... types) {
        resolver.addBuiltin(op, node -> create(op, node), types);
    }

    private static Kernel create(BuiltinOperator op, Node node) {
        return switch (op) {
            case ADD -> new QuantizedArithmeticKernel(QuantizedArithmeticKernel.Op.ADD);
            case SUB -> new QuantizedArithmeticKernel(QuantizedArithmeticKernel.Op.SUB);
            case MUL -> new QuantizedArithmeticKernel(QuantizedArithmeticKernel.Op.MUL);
            case AVERAGE_POOL_2D -> new QuantizedPoolKernel(true);
            case MAX_POOL_2D -> new QuantizedPoolKernel(false);
            case MEAN -> new QuantizedMeanKernel();
            case SOFTMAX -> new QuantizedSoftmaxKernel();
            case LOGISTIC -> int16(node) ? new Int16SigmoidKernel(false)
                    : new QuantizedLutKernel(QuantizedLutKernel.Function.LOGISTIC);
            case TANH -> int16(node) ? new Int16SigmoidKernel(true)
                    : new QuantizedLutKernel(QuantizedLutKernel.Function.TANH);
            case HARD_SWISH -> new QuantizedHardSwishKernel();
            case CONCATENATION -> new QuantizedConcatenationKernel();
            case PAD, PADV2 -> new QuantizedPadKernel();
            case RESIZE_BILINEAR -> new QuantizedResizeKernel(true);
            case RESIZE_NEAREST_NEIGHBOR -> new QuantizedResizeKernel(false);
            default -> throw new IllegalArgumentException("no kernel for " + op + " in this family");
        };
    }

    private static boolean int16(Node node) {
        return node.requireInput(0).dataType() == INT16;
    }
}
