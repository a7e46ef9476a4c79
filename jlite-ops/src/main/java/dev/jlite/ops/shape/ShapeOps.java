package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;

/**
 * Registers the kernels of this family: operators that move data without arithmetic: reshaping, slicing,
 * padding, concatenation, gathering and resizing.
 */
public final class ShapeOps {
    /** The types whose elements the data-movement kernels copy unchanged. */
    private static final DataType[] MOVABLE = {DataType.FLOAT32, DataType.INT32, DataType.INT64, DataType.UINT8,
        DataType.INT8, DataType.INT16, DataType.BOOL};

    private ShapeOps() {}

    /** Adds this family's builtin kernels, for every operator version, to the resolver. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.CONCATENATION, node -> new ConcatenationKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.DEPTH_TO_SPACE,
                node -> new DepthSpaceKernel(DepthSpaceKernel.Direction.DEPTH_TO_SPACE), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.SPACE_TO_DEPTH,
                node -> new DepthSpaceKernel(DepthSpaceKernel.Direction.SPACE_TO_DEPTH), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.PAD, node -> new PadKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.PADV2, node -> new PadKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.RESHAPE, node -> new ReshapeKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.SQUEEZE, node -> new SqueezeKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.EXPAND_DIMS, node -> new ExpandDimsKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.TRANSPOSE, node -> new TransposeKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.STRIDED_SLICE, node -> new StridedSliceKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.GATHER, node -> new GatherKernel(), MOVABLE);
        resolver.addBuiltin(BuiltinOperator.RESIZE_BILINEAR, node -> new ResizeBilinearKernel(), DataType.FLOAT32);
        resolver.addBuiltin(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, node -> new ResizeNearestNeighborKernel(),
                MOVABLE);
    }
}
