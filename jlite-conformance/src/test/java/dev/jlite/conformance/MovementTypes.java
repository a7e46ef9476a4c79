package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;

/**
 * Per operator of the shape, index and data-movement family: the first-input types the generators try, which are
 * the types TensorFlow Lite 2.6.2's builtin kernel accepts (and so the types jlite registers).
 */
final class MovementTypes {
    private MovementTypes() {}

    static final DataType[] ALL = {FLOAT32, INT32, INT64, UINT8, INT8, INT16, BOOL};
    static final DataType[] RESHAPE = ALL;
    static final DataType[] SQUEEZE = ALL;
    static final DataType[] EXPAND_DIMS = ALL;
    static final DataType[] SHAPE = ALL;
    static final DataType[] BROADCAST_TO = ALL;
    static final DataType[] TILE = {FLOAT32, INT32, INT64, UINT8, BOOL};
    static final DataType[] TRANSPOSE = ALL;
    static final DataType[] DEPTH_TO_SPACE = {FLOAT32, INT32, INT64, UINT8, INT8};
    static final DataType[] SPACE_TO_DEPTH = {FLOAT32, INT32, INT64, UINT8, INT8};
    static final DataType[] BATCH_TO_SPACE_ND = {FLOAT32, INT32, INT64, UINT8, INT8};
    static final DataType[] SPACE_TO_BATCH_ND = {FLOAT32, INT32, INT64, UINT8, INT8};
    static final DataType[] CONCATENATION = {FLOAT32, INT32, INT64, BOOL};
    static final DataType[] PACK = {FLOAT32, INT32, INT64, UINT8, INT8, INT16};
    static final DataType[] UNPACK = {FLOAT32, INT32, UINT8, INT8, INT16, BOOL};
    static final DataType[] SPLIT_DATA = {FLOAT32, INT32, UINT8, INT8, INT16};
    static final DataType[] SPLIT_V = {FLOAT32, INT32, INT64, UINT8, INT8, INT16};
    static final DataType[] SLICE = ALL;
    static final DataType[] STRIDED_SLICE = ALL;
    static final DataType[] PAD = {FLOAT32, INT32, INT64};
    static final DataType[] PADV2 = {FLOAT32, INT32, INT64};
    static final DataType[] MIRROR_PAD = {FLOAT32, INT32, INT64, UINT8, INT8};
    static final DataType[] REVERSE_V2 = ALL;
    static final DataType[] GATHER = ALL;
    static final DataType[] GATHER_ND = {FLOAT32, INT32, INT64, UINT8, INT8, INT16};
    static final DataType[] ONE_HOT_OUTPUT = {FLOAT32, INT32, INT64, UINT8, INT8, BOOL};
    static final DataType[] ARG_MAX = {FLOAT32, INT32, UINT8, INT8};
    static final DataType[] ARG_MIN = {FLOAT32, INT32, UINT8, INT8};
    static final DataType[] TOPK_V2 = {FLOAT32, INT32, INT64, UINT8, INT8};
    static final DataType[] WHERE = {BOOL};
    static final DataType[] CUMSUM = {FLOAT32, INT32, INT64};
    static final DataType[] RANGE = {FLOAT32, INT32};
    static final DataType[] RESIZE_NEAREST_NEIGHBOR = {FLOAT32};
    static final DataType[] EMBEDDING_LOOKUP_VALUES = {FLOAT32, UINT8, INT8};
}
