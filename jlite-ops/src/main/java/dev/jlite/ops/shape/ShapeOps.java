package dev.jlite.ops.shape;

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

/**
 * Registers the kernels of this family: operators that move data without arithmetic (reshaping, slicing, padding,
 * concatenation, gathering, resizing) and the index operators beside them (arg max, top-k, where, range, ...).
 *
 * <p>Each operator is registered for the first-input types TensorFlow Lite 2.6.2's builtin kernel accepts and the
 * differential suite tests (jlite-conformance). Quantized types are listed only where moving a value needs no
 * requantization; the requantizing INT8/UINT8/INT16 variants of CONCATENATION, PAD, PADV2 and the resize operators
 * are registered by the quantized family.
 */
public final class ShapeOps {
    /** Every type the data-movement kernels copy and TensorFlow Lite 2.6.2 takes for the simplest such operators. */
    private static final DataType[] ALL = {FLOAT32, INT32, INT64, UINT8, INT8, INT16, BOOL};
    /** The plain (not quantized) types of CONCATENATION, PAD and PADV2. */
    private static final DataType[] PLAIN = {FLOAT32, INT32, INT64};
    /** DEPTH_TO_SPACE, SPACE_TO_DEPTH, BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND, MIRROR_PAD in TensorFlow Lite 2.6.2. */
    private static final DataType[] NO_INT16_BOOL = {FLOAT32, INT32, INT64, UINT8, INT8};
    /** PACK, SPLIT_V and GATHER_ND in TensorFlow Lite 2.6.2. */
    private static final DataType[] NO_BOOL = {FLOAT32, INT32, INT64, UINT8, INT8, INT16};

    private ShapeOps() {}

    /** Adds this family's builtin kernels, for every operator version, to the resolver. */
    public static void register(MutableOpResolver resolver) {
        add(resolver, BuiltinOperator.CONCATENATION, FLOAT32, INT32, INT64,
                BOOL);
        add(resolver, BuiltinOperator.DEPTH_TO_SPACE, NO_INT16_BOOL);
        add(resolver, BuiltinOperator.SPACE_TO_DEPTH, NO_INT16_BOOL);
        add(resolver, BuiltinOperator.BATCH_TO_SPACE_ND, NO_INT16_BOOL);
        add(resolver, BuiltinOperator.SPACE_TO_BATCH_ND, NO_INT16_BOOL);
        add(resolver, BuiltinOperator.PAD, PLAIN);
        add(resolver, BuiltinOperator.PADV2, PLAIN);
        add(resolver, BuiltinOperator.MIRROR_PAD, NO_INT16_BOOL);
        add(resolver, BuiltinOperator.RESHAPE, ALL);
        add(resolver, BuiltinOperator.SQUEEZE, ALL);
        add(resolver, BuiltinOperator.EXPAND_DIMS, ALL);
        add(resolver, BuiltinOperator.SHAPE, ALL);
        add(resolver, BuiltinOperator.TRANSPOSE, ALL);
        add(resolver, BuiltinOperator.STRIDED_SLICE, ALL);
        add(resolver, BuiltinOperator.SLICE, ALL);
        add(resolver, BuiltinOperator.REVERSE_V2, ALL);
        add(resolver, BuiltinOperator.BROADCAST_TO, ALL);
        add(resolver, BuiltinOperator.TILE, FLOAT32, INT32, INT64, UINT8, BOOL);
        add(resolver, BuiltinOperator.PACK, NO_BOOL);
        add(resolver, BuiltinOperator.UNPACK, FLOAT32, INT32, UINT8, INT8, INT16,
                BOOL);
        // SPLIT's first input is the axis (INT32); the data may be FLOAT32, INT32, UINT8, INT8 or INT16.
        add(resolver, BuiltinOperator.SPLIT, INT32);
        add(resolver, BuiltinOperator.SPLIT_V, NO_BOOL);
        add(resolver, BuiltinOperator.GATHER, ALL);
        add(resolver, BuiltinOperator.GATHER_ND, NO_BOOL);
        // The ids come first; the table may be FLOAT32, or INT8/UINT8 copied or dequantized to FLOAT32.
        add(resolver, BuiltinOperator.EMBEDDING_LOOKUP, INT32);
        // The indices come first; the output may be FLOAT32, INT32, INT64, UINT8, INT8 or BOOL.
        add(resolver, BuiltinOperator.ONE_HOT, INT32, INT64);
        add(resolver, BuiltinOperator.ARG_MAX, FLOAT32, INT32, UINT8, INT8);
        add(resolver, BuiltinOperator.ARG_MIN, FLOAT32, INT32, UINT8, INT8);
        add(resolver, BuiltinOperator.TOPK_V2, NO_INT16_BOOL);
        add(resolver, BuiltinOperator.WHERE, BOOL);
        add(resolver, BuiltinOperator.CUMSUM, PLAIN);
        add(resolver, BuiltinOperator.RANGE, FLOAT32, INT32);
        add(resolver, BuiltinOperator.RESIZE_BILINEAR, FLOAT32);
        add(resolver, BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, FLOAT32);
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
            case CONCATENATION -> new ConcatenationKernel();
            case DEPTH_TO_SPACE -> new DepthSpaceKernel(DepthSpaceKernel.Direction.DEPTH_TO_SPACE);
            case SPACE_TO_DEPTH -> new DepthSpaceKernel(DepthSpaceKernel.Direction.SPACE_TO_DEPTH);
            case BATCH_TO_SPACE_ND -> new BatchSpaceKernel(false);
            case SPACE_TO_BATCH_ND -> new BatchSpaceKernel(true);
            case PAD -> new PadKernel();
            case PADV2 -> new PadKernel();
            case MIRROR_PAD -> new MirrorPadKernel();
            case RESHAPE -> new ReshapeKernel();
            case SQUEEZE -> new SqueezeKernel();
            case EXPAND_DIMS -> new ExpandDimsKernel();
            case SHAPE -> new ShapeKernel();
            case TRANSPOSE -> new TransposeKernel();
            case STRIDED_SLICE -> new StridedSliceKernel();
            case SLICE -> new SliceKernel();
            case REVERSE_V2 -> new ReverseKernel();
            case BROADCAST_TO -> new TileKernel(true);
            case TILE -> new TileKernel(false);
            case PACK -> new PackKernel(false);
            case UNPACK -> new PackKernel(true);
            case SPLIT -> new SplitKernel(false);
            case SPLIT_V -> new SplitKernel(true);
            case GATHER -> new GatherKernel();
            case GATHER_ND -> new GatherNdKernel();
            case EMBEDDING_LOOKUP -> new EmbeddingLookupKernel();
            case ONE_HOT -> new OneHotKernel();
            case ARG_MAX -> new ArgMinMaxKernel(true);
            case ARG_MIN -> new ArgMinMaxKernel(false);
            case TOPK_V2 -> new TopKKernel();
            case WHERE -> new WhereKernel();
            case CUMSUM -> new CumsumKernel();
            case RANGE -> new RangeKernel();
            case RESIZE_BILINEAR -> new ResizeBilinearKernel();
            case RESIZE_NEAREST_NEIGHBOR -> new ResizeNearestNeighborKernel();
            default -> throw new IllegalArgumentException("no kernel for " + op + " in this family");
        };
    }
}
