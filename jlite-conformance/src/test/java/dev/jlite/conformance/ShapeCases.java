package dev.jlite.conformance;

import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operators that change a tensor's shape or layout and move its values unchanged: RESHAPE, SQUEEZE, EXPAND_DIMS,
 * SHAPE, BROADCAST_TO, TILE, TRANSPOSE, DEPTH_TO_SPACE, SPACE_TO_DEPTH, BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND,
 * CONCATENATION, PACK, UNPACK, SPLIT, SPLIT_V. Shape-giving inputs are constants or model inputs (then both
 * interpreters size the outputs while running).
 */
final class ShapeCases {
    private ShapeCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType t : MovementTypes.RESHAPE) {
            all.add(new OpCases("RESHAPE", t, r -> reshape(r, t)));
        }
        for (DataType t : MovementTypes.SQUEEZE) {
            all.add(new OpCases("SQUEEZE", t, r -> squeeze(r, t)));
        }
        for (DataType t : MovementTypes.EXPAND_DIMS) {
            all.add(new OpCases("EXPAND_DIMS", t, r -> expandDims(r, t)));
        }
        for (DataType t : MovementTypes.SHAPE) {
            all.add(new OpCases("SHAPE", t, r -> shape(r, t)));
        }
        for (DataType t : MovementTypes.BROADCAST_TO) {
            all.add(new OpCases("BROADCAST_TO", t, r -> broadcastTo(r, t)));
        }
        for (DataType t : MovementTypes.TILE) {
            all.add(new OpCases("TILE", t, r -> tile(r, t)));
        }
        for (DataType t : MovementTypes.TRANSPOSE) {
            all.add(new OpCases("TRANSPOSE", t, r -> transpose(r, t)));
        }
        for (DataType t : MovementTypes.DEPTH_TO_SPACE) {
            all.add(new OpCases("DEPTH_TO_SPACE", t, r -> depthSpace(r, t, true)));
        }
        for (DataType t : MovementTypes.SPACE_TO_DEPTH) {
            all.add(new OpCases("SPACE_TO_DEPTH", t, r -> depthSpace(r, t, false)));
        }
        for (DataType t : MovementTypes.BATCH_TO_SPACE_ND) {
            all.add(new OpCases("BATCH_TO_SPACE_ND", t, r -> batchToSpace(r, t)));
        }
        for (DataType t : MovementTypes.SPACE_TO_BATCH_ND) {
            all.add(new OpCases("SPACE_TO_BATCH_ND", t, r -> spaceToBatch(r, t)));
        }
        for (DataType t : MovementTypes.CONCATENATION) {
            all.add(new OpCases("CONCATENATION", t, r -> concatenation(r, t)));
        }
        for (DataType t : MovementTypes.PACK) {
            all.add(new OpCases("PACK", t, r -> pack(r, t)));
        }
        for (DataType t : MovementTypes.UNPACK) {
            all.add(new OpCases("UNPACK", t, r -> unpack(r, t)));
        }
        // SPLIT's first input is the axis: one generator, every data type inside.
        all.add(new OpCases("SPLIT", INT32, ShapeCases::split));
        for (DataType t : MovementTypes.SPLIT_V) {
            all.add(new OpCases("SPLIT_V", t, r -> splitV(r, t)));
        }
        return all;
    }

    /** Input, output and the data of one moved tensor, quantized alike. */
    private static int io(CaseRandom r, OpModel m, List<Object> feeds, DataType type, int[] shape) {
        feeds.add(Movable.values(r, type, CaseRandom.size(shape)));
        return m.input(type, shape);
    }

    private static DiffCase finish(CaseRandom r, OpModel m, DataType type, int in, String what, List<Object> feeds) {
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, in, out);
        return new DiffCase(what, m, Tolerance.EXACT, feeds.toArray());
    }

    /** A random regrouping of the dimensions of {@code shape} (same element count), with ones sprinkled in. */
    private static int[] regroup(CaseRandom r, int[] shape, int maxRank) {
        List<Integer> factors = new ArrayList<>();
        for (int d : shape) {
            if (d > 1) {
                factors.add(d);
            }
        }
        java.util.Collections.shuffle(factors, new java.util.Random(r.between(0, 1 << 30)));
        int rank = r.between(Math.min(factors.size(), 1), maxRank);
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        if (rank == 0) {
            return out;
        }
        for (int f : factors) {
            out[r.between(0, rank - 1)] *= f;
        }
        return out;
    }

    private static DiffCase reshape(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(0, 5), 4);
        int[] newShape = regroup(r, in, 5);
        int[] request = newShape.clone();
        if (request.length > 0 && r.chance(0.4)) {
            request[r.between(0, request.length - 1)] = -1;
        }
        OpModel m = new OpModel(BuiltinOperator.RESHAPE);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        // The official Java binding cannot feed an empty input: the shape of a scalar is a constant.
        int mode = request.length == 0 ? 0 : r.between(0, 2);
        if (mode < 2) {
            Movable.indexInput(m, feeds, mode == 0, INT32, new int[] {request.length}, request);
        }
        if (mode == 2 || r.chance(0.3)) {
            m.options(BuiltinOptions.reshape(request));
        }
        String what = "RESHAPE " + type + " " + Shapes.str(in) + " -> " + Shapes.str(request) + " "
                + new String[] {"const shape", "shape input", "options"}[mode];
        return finish(r, m, type, input, what, feeds);
    }

    private static DiffCase squeeze(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(0, 6), 4);
        List<Integer> ones = new ArrayList<>();
        for (int d = 0; d < in.length; d++) {
            if (r.chance(0.4)) {
                in[d] = 1;
            }
            if (in[d] == 1) {
                ones.add(d);
            }
        }
        List<Integer> dims = new ArrayList<>();
        if (r.chance(0.6)) {
            for (int d : ones) {
                if (r.chance(0.6)) {
                    dims.add(r.chance(0.4) ? d - in.length : d);
                }
            }
        }
        int[] squeezeDims = dims.stream().mapToInt(Integer::intValue).toArray();
        OpModel m = new OpModel(BuiltinOperator.SQUEEZE);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        m.options(BuiltinOptions.squeeze(squeezeDims));
        return finish(r, m, type, input, "SQUEEZE " + type + " " + Shapes.str(in) + " dims "
                + Shapes.str(squeezeDims), feeds);
    }

    private static DiffCase expandDims(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(0, 5), 4);
        int axis = r.between(-in.length - 1, in.length);
        DataType axisType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.6);
        OpModel m = new OpModel(BuiltinOperator.EXPAND_DIMS);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        Movable.indexInput(m, feeds, constant, axisType, r.chance(0.5) ? new int[0] : new int[] {1}, axis);
        m.options(ShapeOptions.empty(ShapeOptions.EXPAND_DIMS));
        return finish(r, m, type, input, "EXPAND_DIMS " + type + " " + Shapes.str(in) + " axis " + axis + " "
                + axisType + (constant ? " const" : " input"), feeds);
    }

    private static DiffCase shape(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(0, 5), 5);
        DataType outType = r.pick(INT32, INT64);
        OpModel m = new OpModel(BuiltinOperator.SHAPE);
        List<Object> feeds = new ArrayList<>();
        io(r, m, feeds, type, in);
        m.output(outType);
        m.options(ShapeOptions.outputType(ShapeOptions.SHAPE, outType));
        return new DiffCase("SHAPE " + type + " " + Shapes.str(in) + " -> " + outType, m, Tolerance.EXACT,
                feeds.toArray());
    }

    private static DiffCase broadcastTo(CaseRandom r, DataType type) {
        int rank = r.between(1, 8);
        int[] target = r.shape(rank, rank > 5 ? 2 : 3);
        int inRank = r.between(0, rank);
        int[] in = Arrays.copyOfRange(target, rank - inRank, rank);
        for (int d = 0; d < in.length; d++) {
            if (r.chance(0.5)) {
                in[d] = 1;
            }
        }
        DataType shapeType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.6);
        // Version 1 of BROADCAST_TO is reserved for the TensorFlow (flex) op; builtin kernels start at 2.
        OpModel m = new OpModel(BuiltinOperator.BROADCAST_TO).version(2);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        Movable.indexInput(m, feeds, constant, shapeType, new int[] {rank}, target);
        m.options(ShapeOptions.empty(ShapeOptions.BROADCAST_TO));
        return finish(r, m, type, input, "BROADCAST_TO " + type + " " + Shapes.str(in) + " -> "
                + Shapes.str(target) + " " + shapeType + (constant ? " const" : " input"), feeds);
    }

    private static DiffCase tile(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 5), 3);
        int[] multiples = new int[in.length];
        for (int d = 0; d < in.length; d++) {
            // A multiple of 0 (an empty output) crashes TensorFlow Lite 2.6.2's TILE.
            multiples[d] = r.between(1, 3);
        }
        DataType mType = r.pick(INT32, INT64);
        boolean constant = r.chance(0.6);
        OpModel m = new OpModel(BuiltinOperator.TILE);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        Movable.indexInput(m, feeds, constant, mType, new int[] {in.length}, multiples);
        m.options(ShapeOptions.empty(ShapeOptions.TILE));
        return finish(r, m, type, input, "TILE " + type + " " + Shapes.str(in) + " x " + Shapes.str(multiples)
                + " " + mType + (constant ? " const" : " input"), feeds);
    }

    private static int[] permutation(CaseRandom r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.between(0, i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static DiffCase transpose(CaseRandom r, DataType type) {
        int[] in = r.shape(r.between(1, 5), 4);
        int[] perm = permutation(r, in.length);
        boolean constant = r.chance(0.6);
        OpModel m = new OpModel(BuiltinOperator.TRANSPOSE);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        Movable.indexInput(m, feeds, constant, INT32, new int[] {perm.length}, perm);
        m.options(BuiltinOptions.transpose());
        return finish(r, m, type, input, "TRANSPOSE " + type + " " + Shapes.str(in) + " perm " + Shapes.str(perm)
                + (constant ? " const" : " input"), feeds);
    }

    private static DiffCase depthSpace(CaseRandom r, DataType type, boolean toSpace) {
        int b = r.between(1, 3);
        int n = r.between(1, 2);
        int h = r.between(1, 3);
        int w = r.between(1, 3);
        int c = r.between(1, 3);
        int[] in = toSpace ? new int[] {n, h, w, c * b * b} : new int[] {n, h * b, w * b, c};
        OpModel m = new OpModel(toSpace ? BuiltinOperator.DEPTH_TO_SPACE : BuiltinOperator.SPACE_TO_DEPTH);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        m.options(ShapeOptions.ints(toSpace ? ShapeOptions.DEPTH_TO_SPACE : ShapeOptions.SPACE_TO_DEPTH, b));
        return finish(r, m, type, input, (toSpace ? "DEPTH_TO_SPACE " : "SPACE_TO_DEPTH ") + type + " "
                + Shapes.str(in) + " block " + b, feeds);
    }

    private static DiffCase batchToSpace(CaseRandom r, DataType type) {
        boolean fourD = r.chance(0.7);
        int spatial = fourD ? 2 : 1;
        int[] block = new int[spatial];
        int[] crops = new int[2 * spatial];
        int[] in = new int[spatial + 2];
        int batch = r.between(1, 2);
        for (int d = 0; d < spatial; d++) {
            block[d] = r.between(1, 3);
            batch *= block[d];
            in[d + 1] = r.between(1, 3);
            int full = in[d + 1] * block[d];
            crops[2 * d] = r.between(0, Math.min(2, full - 1));
            crops[2 * d + 1] = r.between(0, Math.min(2, full - 1 - crops[2 * d]));
        }
        in[0] = batch;
        in[spatial + 1] = r.between(1, 3);
        boolean constant = r.chance(0.7);
        OpModel m = new OpModel(BuiltinOperator.BATCH_TO_SPACE_ND);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        Movable.indexInput(m, feeds, constant, INT32, new int[] {spatial}, block);
        Movable.indexInput(m, feeds, constant, INT32, new int[] {spatial, 2}, crops);
        m.options(ShapeOptions.empty(ShapeOptions.BATCH_TO_SPACE_ND));
        return finish(r, m, type, input, "BATCH_TO_SPACE_ND " + type + " " + Shapes.str(in) + " block "
                + Shapes.str(block) + " crops " + Shapes.str(crops) + (constant ? " const" : " input"), feeds);
    }

    private static DiffCase spaceToBatch(CaseRandom r, DataType type) {
        boolean fourD = r.chance(0.7);
        int spatial = fourD ? 2 : 1;
        int[] block = new int[spatial];
        int[] paddings = new int[2 * spatial];
        int[] in = new int[spatial + 2];
        in[0] = r.between(1, 2);
        for (int d = 0; d < spatial; d++) {
            block[d] = r.between(1, 3);
            in[d + 1] = r.between(1, 5);
            paddings[2 * d] = r.between(0, 2);
            int rest = (in[d + 1] + paddings[2 * d]) % block[d];
            paddings[2 * d + 1] = (rest == 0 ? 0 : block[d] - rest) + block[d] * r.between(0, 1);
        }
        in[spatial + 1] = r.between(1, 3);
        boolean constant = r.chance(0.7);
        OpModel m = new OpModel(BuiltinOperator.SPACE_TO_BATCH_ND);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, in);
        Movable.indexInput(m, feeds, constant, INT32, new int[] {spatial}, block);
        Movable.indexInput(m, feeds, constant, INT32, new int[] {spatial, 2}, paddings);
        m.options(ShapeOptions.empty(ShapeOptions.SPACE_TO_BATCH_ND));
        return finish(r, m, type, input, "SPACE_TO_BATCH_ND " + type + " " + Shapes.str(in) + " block "
                + Shapes.str(block) + " paddings " + Shapes.str(paddings) + (constant ? " const" : " input"),
                feeds);
    }

    private static DiffCase concatenation(CaseRandom r, DataType type) {
        int[] base = r.shape(r.between(1, 5), 3);
        int axis = r.between(0, base.length - 1);
        int count = r.between(1, 4);
        OpModel m = new OpModel(BuiltinOperator.CONCATENATION);
        List<Object> feeds = new ArrayList<>();
        StringBuilder what = new StringBuilder("CONCATENATION " + type);
        int[] tensors = new int[count + 1];
        for (int i = 0; i < count; i++) {
            int[] s = base.clone();
            s[axis] = r.between(1, 3);
            tensors[i] = Movable.dataInput(m, feeds, i > 0 && r.chance(0.2), type, s,
                    Movable.values(r, type, CaseRandom.size(s)));
            what.append(' ').append(Shapes.str(s));
        }
        int written = r.chance(0.4) ? axis - base.length : axis;
        tensors[count] = m.output(type);
        Movable.sameQuantization(r, m, type, tensors);
        m.options(BuiltinOptions.concatenation(written, FusedActivation.NONE));
        return new DiffCase(what + " axis " + written, m, Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase pack(CaseRandom r, DataType type) {
        int[] s = r.shape(r.between(0, 4), 3);
        int count = r.between(1, 4);
        int axis = r.between(-s.length - 1, s.length);
        OpModel m = new OpModel(BuiltinOperator.PACK);
        List<Object> feeds = new ArrayList<>();
        int[] tensors = new int[count + 1];
        for (int i = 0; i < count; i++) {
            tensors[i] = Movable.dataInput(m, feeds, i > 0 && r.chance(0.2), type, s,
                    Movable.values(r, type, CaseRandom.size(s)));
        }
        tensors[count] = m.output(type);
        Movable.sameQuantization(r, m, type, tensors);
        m.options(ShapeOptions.ints(ShapeOptions.PACK, count, axis));
        return new DiffCase("PACK " + type + " " + count + " x " + Shapes.str(s) + " axis " + axis, m,
                Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase unpack(CaseRandom r, DataType type) {
        int[] s = r.shape(r.between(1, 5), 3);
        int axis = r.between(-s.length, s.length - 1);
        int num = s[axis < 0 ? axis + s.length : axis];
        OpModel m = new OpModel(BuiltinOperator.UNPACK);
        List<Object> feeds = new ArrayList<>();
        int[] tensors = new int[num + 1];
        tensors[num] = io(r, m, feeds, type, s);
        for (int i = 0; i < num; i++) {
            tensors[i] = m.output(type);
        }
        Movable.sameQuantization(r, m, type, tensors);
        m.options(ShapeOptions.ints(ShapeOptions.UNPACK, num, axis));
        return new DiffCase("UNPACK " + type + " " + Shapes.str(s) + " axis " + axis, m, Tolerance.EXACT,
                feeds.toArray());
    }

    private static DiffCase split(CaseRandom r) {
        DataType type = r.pick(MovementTypes.SPLIT_DATA);
        int[] s = r.shape(r.between(1, 5), 3);
        int axis = r.between(-s.length, s.length - 1);
        int a = axis < 0 ? axis + s.length : axis;
        int num = r.between(1, 3);
        s[a] *= num;
        OpModel m = new OpModel(BuiltinOperator.SPLIT);
        List<Object> feeds = new ArrayList<>();
        boolean constant = r.chance(0.7);
        Movable.indexInput(m, feeds, constant, INT32, r.chance(0.5) ? new int[0] : new int[] {1}, axis);
        int input = io(r, m, feeds, type, s);
        int[] outs = new int[num];
        for (int i = 0; i < num; i++) {
            outs[i] = m.output(type);
        }
        int[] quantized = Arrays.copyOf(outs, num + 1);
        quantized[num] = input;
        Movable.sameQuantization(r, m, type, quantized);
        m.options(ShapeOptions.ints(ShapeOptions.SPLIT, num));
        return new DiffCase("SPLIT " + type + " " + Shapes.str(s) + " axis " + axis + (constant ? " const" : " input")
                + " into " + num, m,
                Tolerance.EXACT, feeds.toArray());
    }

    private static DiffCase splitV(CaseRandom r, DataType type) {
        int[] s = r.shape(r.between(1, 5), 3);
        int axis = r.between(-s.length, s.length - 1);
        int a = axis < 0 ? axis + s.length : axis;
        int num = r.between(1, 4);
        int[] sizes = new int[num];
        int total = 0;
        for (int i = 0; i < num; i++) {
            sizes[i] = r.between(1, 3);
            total += sizes[i];
        }
        s[a] = total;
        int[] request = sizes.clone();
        if (r.chance(0.4)) {
            request[r.between(0, num - 1)] = -1;
        }
        DataType sizeType = r.pick(INT32, INT64);
        OpModel m = new OpModel(BuiltinOperator.SPLIT_V);
        List<Object> feeds = new ArrayList<>();
        int input = io(r, m, feeds, type, s);
        boolean constant = r.chance(0.7);
        Movable.indexInput(m, feeds, constant, sizeType, new int[] {num}, request);
        Movable.indexInput(m, feeds, constant, INT32, r.chance(0.5) ? new int[0] : new int[] {1}, axis);
        int[] quantized = new int[num + 1];
        for (int i = 0; i < num; i++) {
            quantized[i] = m.output(type);
        }
        quantized[num] = input;
        Movable.sameQuantization(r, m, type, quantized);
        m.options(ShapeOptions.ints(ShapeOptions.SPLIT_V, num));
        return new DiffCase("SPLIT_V " + type + " " + Shapes.str(s) + " axis " + axis + " sizes "
                + Shapes.str(request) + " " + sizeType + (constant ? " const" : " input"), m, Tolerance.EXACT,
                feeds.toArray());
    }
}
