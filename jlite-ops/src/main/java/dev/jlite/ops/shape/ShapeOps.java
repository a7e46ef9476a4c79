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
        resolver.addBuiltin(BuiltinOperator.CONCATENATION, node -> new ConcatenationKernel(), FLOAT32, INT32, INT64,
                BOOL);
        resolver.addBuiltin(BuiltinOperator.DEPTH_TO_SPACE,
                node -> new DepthSpaceKernel(DepthSpaceKernel.Direction.DEPTH_TO_SPACE), NO_INT16_BOOL);
        resolver.addBuiltin(BuiltinOperator.SPACE_TO_DEPTH,
                node -> new DepthSpaceKernel(DepthSpaceKernel.Direction.SPACE_TO_DEPTH), NO_INT16_BOOL);
        resolver.addBuiltin(BuiltinOperator.BATCH_TO_SPACE_ND, node -> new BatchSpaceKernel(false), NO_INT16_BOOL);
        resolver.addBuiltin(BuiltinOperator.SPACE_TO_BATCH_ND, node -> new BatchSpaceKernel(true), NO_INT16_BOOL);
        resolver.addBuiltin(BuiltinOperator.PAD, node -> new PadKernel(), PLAIN);
        resolver.addBuiltin(BuiltinOperator.PADV2, node -> new PadKernel(), PLAIN);
        resolver.addBuiltin(BuiltinOperator.MIRROR_PAD, node -> new MirrorPadKernel(), NO_INT16_BOOL);
        resolver.addBuiltin(BuiltinOperator.RESHAPE, node -> new ReshapeKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.SQUEEZE, node -> new SqueezeKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.EXPAND_DIMS, node -> new ExpandDimsKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.SHAPE, node -> new ShapeKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.TRANSPOSE, node -> new TransposeKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.STRIDED_SLICE, node -> new StridedSliceKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.SLICE, node -> new SliceKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.REVERSE_V2, node -> new ReverseKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.BROADCAST_TO, node -> new TileKernel(true), ALL);
        resolver.addBuiltin(BuiltinOperator.TILE, node -> new TileKernel(false), FLOAT32, INT32, INT64, UINT8, BOOL);
        resolver.addBuiltin(BuiltinOperator.PACK, node -> new PackKernel(false), NO_BOOL);
        resolver.addBuiltin(BuiltinOperator.UNPACK, node -> new PackKernel(true), FLOAT32, INT32, UINT8, INT8, INT16,
                BOOL);
        // SPLIT's first input is the axis (INT32); the data may be FLOAT32, INT32, UINT8, INT8 or INT16.
        resolver.addBuiltin(BuiltinOperator.SPLIT, node -> new SplitKernel(false), INT32);
        resolver.addBuiltin(BuiltinOperator.SPLIT_V, node -> new SplitKernel(true), NO_BOOL);
        resolver.addBuiltin(BuiltinOperator.GATHER, node -> new GatherKernel(), ALL);
        resolver.addBuiltin(BuiltinOperator.GATHER_ND, node -> new GatherNdKernel(), NO_BOOL);
        // The ids come first; the table may be FLOAT32, or INT8/UINT8 copied or dequantized to FLOAT32.
        resolver.addBuiltin(BuiltinOperator.EMBEDDING_LOOKUP, node -> new EmbeddingLookupKernel(), INT32);
        // The indices come first; the output may be FLOAT32, INT32, INT64, UINT8, INT8 or BOOL.
        resolver.addBuiltin(BuiltinOperator.ONE_HOT, node -> new OneHotKernel(), INT32, INT64);
        resolver.addBuiltin(BuiltinOperator.ARG_MAX, node -> new ArgMinMaxKernel(true), FLOAT32, INT32, UINT8, INT8);
        resolver.addBuiltin(BuiltinOperator.ARG_MIN, node -> new ArgMinMaxKernel(false), FLOAT32, INT32, UINT8, INT8);
        resolver.addBuiltin(BuiltinOperator.TOPK_V2, node -> new TopKKernel(), NO_INT16_BOOL);
        resolver.addBuiltin(BuiltinOperator.WHERE, node -> new WhereKernel(), BOOL);
        resolver.addBuiltin(BuiltinOperator.CUMSUM, node -> new CumsumKernel(), PLAIN);
        resolver.addBuiltin(BuiltinOperator.RANGE, node -> new RangeKernel(), FLOAT32, INT32);
        resolver.addBuiltin(BuiltinOperator.RESIZE_BILINEAR, node -> new ResizeBilinearKernel(), FLOAT32);
        resolver.addBuiltin(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, node -> new ResizeNearestNeighborKernel(),
                FLOAT32);
    }
}
