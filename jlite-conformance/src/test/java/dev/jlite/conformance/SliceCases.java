package dev.jlite.conformance;

import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Operators that cut, extend or reverse a tensor: SLICE, STRIDED_SLICE (every mask, negative strides, indices past
 * the ends), PAD, PADV2, MIRROR_PAD, REVERSE_V2. Index inputs are constants or model inputs.
 */
final class SliceCases {
    private SliceCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType t : MovementTypes.SLICE) {
            all.add(new OpCases("SLICE", t, r -> slice(r, t)));
        }
        for (DataType t : MovementTypes.STRIDED_SLICE) {
            all.add(new OpCases("STRIDED_SLICE", t, r -> stridedSlice(r, t)));
        }
        for (DataType t : MovementTypes.PAD) {
            all.add(new OpCases("PAD", t, r -> pad(r, t, false)));
        }
        for (DataType t : MovementTypes.PADV2) {
            all.add(new OpCases("PADV2", t, r -> pad(r, t, true)));
        }
        for (DataType t : MovementTypes.MIRROR_PAD) {
            all.add(new OpCases("MIRROR_PAD", t, r -> mirrorPad(r, t)));
        }
        for (DataType t : MovementTypes.REVERSE_V2) {
            all.add(new OpCases("REVERSE_V2", t, r -> reverse(r, t)));
        }
        return all;
    }

    private static DiffCase slice(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 5), 4);
        int[] begin = new int[in.length];
        int[] size = new int[in.length];
        for (int d = 0; d < in.length; d++) {
            begin[d] = r.between(0, in[d] - 1);
            size[d] = r.chance(0.25) ? -1 : r.between(0, in[d] - begin[d]);
        }
        DataType indexType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.5);
        OpModel m = new OpModel(BuiltinOperator.SLICE);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, indexType, new int[] {in.length}, begin);
        Movable.indexInput(m, feeds, constant, indexType, new int[] {in.length}, size);
        m.options(ShapeOptions.empty(ShapeOptions.SLICE));
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase("SLICE " + type + " " + Shapes.str(in) + " begin " + Shapes.str(begin) + " size "
                + Shapes.str(size) + " " + indexType + (constant ? " const" : " input"), m, Tolerance.EXACT,
                feeds.toArray());
    }

    /**
     * Every mask and stride sign. Shrunk entries get a positive stride and a begin inside the dimension: TensorFlow
     * Lite 2.6 reads outside the input otherwise (jlite rejects those).
     */
    private static DiffCase stridedSlice(CaseRandom r, DataType type) {
        int rank = r.between(1, 5);
        int[] in = r.shape(rank, rank == 5 ? 3 : 5);
        int entries = r.between(1, rank + 1);
        int ellipsis = r.chance(0.25) ? 1 << r.between(0, entries - 1) : 0;
        int newAxis = 0;
        if (r.chance(0.25)) {
            for (int e = 0; e < entries; e++) {
                if (r.chance(0.3) && rank + Integer.bitCount(newAxis) < 5) {
                    newAxis |= 1 << e;
                }
            }
        }
        int beginMask = r.chance(0.4) ? r.between(0, (1 << entries) - 1) : 0;
        int endMask = r.chance(0.4) ? r.between(0, (1 << entries) - 1) : 0;
        int shrink = r.chance(0.35) ? r.between(0, (1 << entries) - 1) & ~newAxis & ~ellipsis : 0;
        // The dimension each entry slices, when entries map one to one from the front (no ellipsis, no new axis);
        // otherwise values are drawn for a dimension of the median size, and shrunk entries are dropped.
        boolean simple = ellipsis == 0 && newAxis == 0;
        if (!simple) {
            shrink = 0;
        }
        int[] begin = new int[entries];
        int[] end = new int[entries];
        int[] strides = new int[entries];
        for (int e = 0; e < entries; e++) {
            int n = simple && e < rank ? in[e] : 3;
            strides[e] = r.chance(0.6) ? 1 : r.pick(-1, 2, -2, 3, -3);
            begin[e] = r.between(-n - 2, n + 2);
            end[e] = r.between(-n - 2, n + 2);
            if ((shrink & (1 << e)) != 0) {
                if (e >= rank) {
                    shrink &= ~(1 << e);
                } else {
                    strides[e] = 1;
                    begin[e] = r.between(-n, n - 1);
                }
            }
        }
        // TensorFlow Lite 2.6.2 takes INT32 begin, end and strides only.
        DataType indexType = INT32;
        boolean constant = r.chance(0.6);
        OpModel m = new OpModel(BuiltinOperator.STRIDED_SLICE);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, indexType, new int[] {entries}, begin);
        Movable.indexInput(m, feeds, constant, indexType, new int[] {entries}, end);
        Movable.indexInput(m, feeds, constant, indexType, new int[] {entries}, strides);
        m.options(BuiltinOptions.stridedSlice(beginMask, endMask, ellipsis, newAxis, shrink));
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase("STRIDED_SLICE " + type + " " + Shapes.str(in) + " begin " + Shapes.str(begin)
                + " end " + Shapes.str(end) + " strides " + Shapes.str(strides) + " masks b" + beginMask + " e"
                + endMask + " ell" + ellipsis + " new" + newAxis + " shr" + shrink + " " + indexType
                + (constant ? " const" : " input"), m, Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase pad(CaseRandom r, DataType type, boolean v2) {
        int[] in = r.shape(r.between(0, 5), 3);
        int[] paddings = new int[2 * in.length];
        for (int i = 0; i < paddings.length; i++) {
            paddings[i] = r.chance(0.3) ? 0 : r.between(0, 3);
        }
        // TensorFlow Lite 2.6.2 reads INT64 paddings of PAD and PADV2 as if they were INT32 (a bug jlite does not
        // copy): INT32 paddings only.
        DataType indexType = INT32;
        // The official Java binding cannot feed an empty input: the paddings of a scalar are a constant.
        boolean constant = in.length == 0 || r.chance(0.6);
        OpModel m = new OpModel(v2 ? BuiltinOperator.PADV2 : BuiltinOperator.PAD);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, indexType, new int[] {in.length, 2}, paddings);
        if (v2) {
            Movable.dataInput(m, feeds, r.chance(0.7), type, r.chance(0.5) ? new int[0] : new int[] {1},
                    Movable.values(r, type, 1));
            m.options(ShapeOptions.empty(ShapeOptions.PADV2));
        } else {
            m.options(BuiltinOptions.pad());
        }
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase((v2 ? "PADV2 " : "PAD ") + type + " " + Shapes.str(in) + " paddings "
                + Shapes.str(paddings) + " " + indexType + (constant ? " const" : " input"), m, Tolerance.EXACT,
                feeds.toArray());
    }

    private static DiffCase mirrorPad(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 5), 4);
        boolean symmetric = r.chance(0.5);
        int[] paddings = new int[2 * in.length];
        for (int i = 0; i < paddings.length; i++) {
            paddings[i] = r.between(0, symmetric ? in[i / 2] : in[i / 2] - 1);
        }
        DataType indexType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.6);
        OpModel m = new OpModel(BuiltinOperator.MIRROR_PAD);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, indexType, new int[] {in.length, 2}, paddings);
        m.options(ShapeOptions.mirrorPad(symmetric));
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase("MIRROR_PAD " + type + " " + Shapes.str(in) + (symmetric ? " SYMMETRIC" : " REFLECT")
                + " paddings " + Shapes.str(paddings) + " " + indexType + (constant ? " const" : " input"), m,
                Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase reverse(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 5), 4);
        // One axis: TensorFlow Lite 2.6.2 accepts several but reverses along the first only (jlite reverses along
        // each listed axis, as TensorFlow does).
        int axis = r.between(-in.length, in.length - 1);
        boolean constant = r.chance(0.7);
        OpModel m = new OpModel(BuiltinOperator.REVERSE_V2);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, INT32, new int[] {1}, axis);
        m.options(ShapeOptions.empty(ShapeOptions.REVERSE_V2));
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase("REVERSE_V2 " + type + " " + Shapes.str(in) + " axis " + axis
                + (constant ? " const" : " input"), m, Tolerance.EXACT, feeds.toArray());
    }
}
