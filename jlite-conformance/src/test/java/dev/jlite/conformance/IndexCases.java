package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Operators about indices and positions: GATHER, GATHER_ND, EMBEDDING_LOOKUP, ONE_HOT, ARG_MAX, ARG_MIN, TOPK_V2,
 * WHERE, CUMSUM, RANGE. Positions stay inside their dimensions (TensorFlow Lite 2.6 reads out of bounds
 * otherwise); values with many ties test which of equal elements wins.
 */
final class IndexCases {
    private IndexCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType t : MovementTypes.GATHER) {
            all.add(new OpCases("GATHER", t, r -> gather(r, t)));
        }
        for (DataType t : MovementTypes.GATHER_ND) {
            all.add(new OpCases("GATHER_ND", t, r -> gatherNd(r, t)));
        }
        // The ids come first: one generator, every value type inside.
        all.add(new OpCases("EMBEDDING_LOOKUP", INT32, IndexCases::embeddingLookup));
        for (DataType t : new DataType[] {INT32, INT64}) {
            all.add(new OpCases("ONE_HOT", t, r -> oneHot(r, t)));
        }
        for (DataType t : MovementTypes.ARG_MAX) {
            all.add(new OpCases("ARG_MAX", t, r -> argMinMax(r, t, true)));
        }
        for (DataType t : MovementTypes.ARG_MIN) {
            all.add(new OpCases("ARG_MIN", t, r -> argMinMax(r, t, false)));
        }
        for (DataType t : MovementTypes.TOPK_V2) {
            all.add(new OpCases("TOPK_V2", t, r -> topK(r, t)));
        }
        for (DataType t : MovementTypes.WHERE) {
            all.add(new OpCases("WHERE", t, r -> where(r, t)));
        }
        for (DataType t : MovementTypes.CUMSUM) {
            all.add(new OpCases("CUMSUM", t, r -> cumsum(r, t)));
        }
        for (DataType t : MovementTypes.RANGE) {
            all.add(new OpCases("RANGE", t, r -> range(r, t)));
        }
        return all;
    }

    private static DiffCase gather(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 4), 4);
        int axis = r.between(-in.length, in.length - 1);
        int a = axis < 0 ? axis + in.length : axis;
        int[] posShape = r.shape(r.between(0, 2), 3);
        // The first batch_dims dimensions of input and positions are matched batches.
        int batchDims = Math.min(a, Math.min(posShape.length, r.chance(0.6) ? 0 : r.between(1, 2)));
        for (int d = 0; d < batchDims; d++) {
            posShape[d] = in[d];
        }
        int[] positions = r.ints(CaseRandom.size(posShape), 0, in[a] - 1);
        DataType indexType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.3);
        OpModel m = new OpModel(BuiltinOperator.GATHER);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, indexType, posShape, positions);
        m.options(ShapeOptions.ints(ShapeOptions.GATHER, axis, batchDims));
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase("GATHER " + type + " " + Shapes.str(in) + " axis " + axis + " batch_dims " + batchDims
                + " positions " + Shapes.str(posShape) + " " + indexType + (constant ? " const" : " input"), m,
                Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase gatherNd(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 4), 4);
        int k = r.between(1, in.length);
        int[] batch = r.shape(r.between(0, 2), 3);
        int[] idxShape = new int[batch.length + 1];
        System.arraycopy(batch, 0, idxShape, 0, batch.length);
        idxShape[batch.length] = k;
        int[] indices = new int[CaseRandom.size(idxShape)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = r.between(0, in[i % k] - 1);
        }
        DataType indexType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.3);
        OpModel m = new OpModel(BuiltinOperator.GATHER_ND);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, indexType, idxShape, indices);
        m.options(ShapeOptions.empty(ShapeOptions.GATHER_ND));
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase("GATHER_ND " + type + " " + Shapes.str(in) + " indices " + Shapes.str(idxShape) + " "
                + indexType + (constant ? " const" : " input"), m, Tolerance.EXACT, feeds.toArray());
    }

    /** Float values; INT8/UINT8 values either copied as they are or (hybrid) scaled into a FLOAT32 output. */
    private static DiffCase embeddingLookup(CaseRandom r) {
        DataType type = r.pick(MovementTypes.EMBEDDING_LOOKUP_VALUES);
        boolean hybrid = type != FLOAT32 && r.chance(0.5);
        int rows = r.between(1, 6);
        int[] value = new int[r.between(2, 3)];
        value[0] = rows;
        for (int d = 1; d < value.length; d++) {
            value[d] = r.between(1, 4);
        }
        int[] ids = r.ints(r.between(1, 6), 0, rows - 1);
        OpModel m = new OpModel(BuiltinOperator.EMBEDDING_LOOKUP);
        List<Object> feeds = new ArrayList<>();
        boolean constantIds = r.chance(0.3);
        Movable.indexInput(m, feeds, constantIds, INT32, new int[] {ids.length}, ids);
        // TensorFlow Lite 2.6.2 dequantizes a UINT8 table as if it were INT8 (values from 128 come out negative);
        // jlite reads UINT8 as unsigned, so hybrid UINT8 tables stay below 128.
        Object table = type == DataType.UINT8 && hybrid ? r.bytes(CaseRandom.size(value), 0, 127)
                : Movable.values(r, type, CaseRandom.size(value));
        int v = Movable.dataInput(m, feeds, !constantIds && r.chance(0.5), type, value, table);
        int out = m.output(hybrid ? FLOAT32 : type);
        if (hybrid) {
            m.quantize(v, r.uniform(0.01f, 0.5f), 0);
        } else {
            Movable.sameQuantization(r, m, type, v, out);
        }
        return new DiffCase("EMBEDDING_LOOKUP " + type + (hybrid ? " -> FLOAT32" : "") + " " + Shapes.str(value)
                + " ids " + ids.length, m, Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase oneHot(CaseRandom r, DataType indexType) {
        DataType type = r.pick(MovementTypes.ONE_HOT_OUTPUT);
        int[] shape = r.shape(r.between(0, 3), 3);
        int depth = r.between(1, 5);
        int axis = r.between(-1, shape.length);
        int[] indices = r.ints(CaseRandom.size(shape), -1, depth);
        OpModel m = new OpModel(BuiltinOperator.ONE_HOT);
        List<Object> feeds = new ArrayList<>();
        Movable.indexInput(m, feeds, false, indexType, shape, indices);
        boolean constantDepth = r.chance(0.7);
        Movable.indexInput(m, feeds, constantDepth, INT32, new int[0], depth);
        Object onOff = Movable.values(r, type, 2);
        if (type == BOOL) {
            boolean on = r.chance(0.8);
            onOff = new boolean[] {on, !on};
        }
        Object on = java.lang.reflect.Array.newInstance(onOff.getClass().getComponentType(), 1);
        Object off = java.lang.reflect.Array.newInstance(onOff.getClass().getComponentType(), 1);
        System.arraycopy(onOff, 0, on, 0, 1);
        System.arraycopy(onOff, 1, off, 0, 1);
        boolean constantValues = r.chance(0.5);
        Movable.dataInput(m, feeds, constantValues, type, new int[0], on);
        Movable.dataInput(m, feeds, constantValues, type, new int[0], off);
        m.output(type);
        m.options(ShapeOptions.ints(ShapeOptions.ONE_HOT, axis));
        return new DiffCase("ONE_HOT " + indexType + " -> " + type + " " + Shapes.str(shape) + " depth " + depth
                + (constantDepth ? " const" : " input") + " axis " + axis, m, Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase argMinMax(CaseRandom r, DataType type, boolean max) {
        int[] in = r.shape(r.between(1, 5), 4);
        int axis = r.between(-in.length, in.length - 1);
        DataType axisType = r.pick(INT32, INT64);
        DataType outType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.8);
        OpModel m = new OpModel(max ? BuiltinOperator.ARG_MAX : BuiltinOperator.ARG_MIN);
        List<Object> feeds = new ArrayList<>();
        Object data = r.chance(0.5) ? Movable.fewValues(r, type, CaseRandom.size(in))
                : Movable.values(r, type, CaseRandom.size(in));
        int input = Movable.dataInput(m, feeds, false, type, in, data);
        Movable.indexInput(m, feeds, constant, axisType, new int[] {1}, axis);
        m.output(outType);
        Movable.sameQuantization(r, m, type, input);
        m.options(ShapeOptions.outputType(max ? ShapeOptions.ARG_MAX : ShapeOptions.ARG_MIN, outType));
        return new DiffCase((max ? "ARG_MAX " : "ARG_MIN ") + type + " " + Shapes.str(in) + " axis " + axis + " "
                + axisType + (constant ? " const" : " input") + " -> " + outType, m, Tolerance.EXACT,
                feeds.toArray());
    }

    private static DiffCase topK(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 3), 3);
        in[in.length - 1] = r.between(1, 9);
        int k = r.between(0, in[in.length - 1]);
        boolean constant = r.chance(0.6);
        OpModel m = new OpModel(BuiltinOperator.TOPK_V2);
        List<Object> feeds = new ArrayList<>();
        Object data = r.chance(0.5) ? Movable.fewValues(r, type, CaseRandom.size(in))
                : Movable.values(r, type, CaseRandom.size(in));
        int input = Movable.dataInput(m, feeds, false, type, in, data);
        Movable.indexInput(m, feeds, constant, INT32, new int[0], k);
        int values = m.output(type);
        m.output(INT32);
        Movable.sameQuantization(r, m, type, input, values);
        m.options(ShapeOptions.empty(ShapeOptions.TOPK_V2));
        return new DiffCase("TOPK_V2 " + type + " " + Shapes.str(in) + " k " + k + (constant ? " const" : " input"),
                m, Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase where(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 5), 4);
        OpModel m = new OpModel(BuiltinOperator.WHERE);
        List<Object> feeds = new ArrayList<>();
        Object data = Movable.fewValues(r, type, CaseRandom.size(in));
        int input = Movable.dataInput(m, feeds, false, type, in, data);
        Movable.sameQuantization(r, m, type, input);
        m.output(INT64);
        m.options(ShapeOptions.empty(ShapeOptions.WHERE));
        return new DiffCase("WHERE " + type + " " + Shapes.str(in), m, Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase cumsum(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 4), 5);
        int axis = r.between(-in.length, in.length - 1);
        boolean exclusive = r.chance(0.5);
        boolean reverse = r.chance(0.5);
        OpModel m = new OpModel(BuiltinOperator.CUMSUM);
        List<Object> feeds = new ArrayList<>();
        int n = CaseRandom.size(in);
        Object data = type == FLOAT32 ? r.floats(n, -10, 10) : type == INT32 ? r.ints(n, -100000, 100000)
                : r.longs(n, -1_000_000_000, 1_000_000_000);
        Movable.dataInput(m, feeds, false, type, in, data);
        boolean constant = r.chance(0.7);
        Movable.indexInput(m, feeds, constant, INT32, new int[0], axis);
        m.output(type);
        m.options(ShapeOptions.cumsum(exclusive, reverse));
        return new DiffCase("CUMSUM " + type + " " + Shapes.str(in) + " axis " + axis + (constant ? " const" : " input")
                + (exclusive ? " exclusive" : "") + (reverse ? " reverse" : ""), m,
                type == FLOAT32 ? Tolerance.FLOAT : Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase range(CaseRandom r, DataType type) {
        int count = r.between(0, 12);
        Object start;
        Object limit;
        Object delta;
        String what;
        if (type == FLOAT32) {
            float s = Math.round(r.uniform(-20, 20) * 4) / 4f;
            float d = r.pick(0.5f, -0.5f, 0.25f, 1.5f, -2f, 0.3f, -0.7f, 3f);
            float l = s + d * count - (count > 0 ? d * r.pick(0f, 0.5f, 0.01f) : 0f);
            start = new float[] {s};
            limit = new float[] {l};
            delta = new float[] {d};
            what = s + " " + l + " " + d;
        } else {
            int s = r.between(-50, 50);
            int d = r.pick(1, -1, 2, -3, 5, 7);
            int l = s + d * count - (count > 0 ? Integer.signum(d) * r.between(0, Math.abs(d) - 1) : 0);
            start = Movable.indices(type, new int[] {s});
            limit = Movable.indices(type, new int[] {l});
            delta = Movable.indices(type, new int[] {d});
            what = s + " " + l + " " + d;
        }
        OpModel m = new OpModel(BuiltinOperator.RANGE);
        List<Object> feeds = new ArrayList<>();
        boolean constant = r.chance(0.4);
        // The official Java binding runs only models with inputs: the start is always one.
        Movable.dataInput(m, feeds, false, type, new int[0], start);
        Movable.dataInput(m, feeds, constant, type, new int[0], limit);
        Movable.dataInput(m, feeds, constant, type, new int[0], delta);
        m.output(type);
        m.options(ShapeOptions.empty(ShapeOptions.RANGE));
        return new DiffCase("RANGE " + type + " " + what + (constant ? " const" : " input"), m, Tolerance.EXACT,
                feeds.toArray());
    }
}
