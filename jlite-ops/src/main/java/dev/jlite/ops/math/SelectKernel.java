package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * SELECT and SELECT_V2: {@code out = condition ? x : y} element by element, for x and y of any numeric or BOOL
 * type. SELECT_V2 broadcasts the three inputs against each other (numpy rules). SELECT (version one) does not: x
 * and y have one shape, and the condition has it too, or is a scalar, or is a vector over x's first dimension
 * (TensorFlow Lite's rank-one select). As in TensorFlow Lite, when every input and the declared output hold one
 * element, the output keeps its declared shape.
 */
final class SelectKernel implements Kernel {
    private final boolean broadcasts;
    private boolean planWhileRunning;
    private int[] shape;
    private int[] cStrides;
    private int[] xStrides;
    private int[] yStrides;
    private int[] index;

    SelectKernel(boolean broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(3, 3, 1);
        Tensor condition = node.requireInput(0);
        Tensor x = node.requireInput(1);
        Tensor y = node.requireInput(2);
        Tensor output = node.output(0);
        if (condition.dataType() != DataType.BOOL) {
            throw node.error("condition type must be BOOL, got " + condition.dataType());
        }
        DataType type = x.dataType();
        boolean supported = switch (type) {
            case BOOL, FLOAT32, UINT8, INT8, INT16, INT32, INT64 -> true;
            default -> false;
        };
        if (!supported) {
            throw node.error("input type " + type + " is not supported");
        }
        if (y.dataType() != type || output.dataType() != type) {
            throw node.error("x, y and output must have one type, got " + type + ", " + y.dataType() + " -> "
                    + output.dataType());
        }
        planWhileRunning = Shapes.anyInputDynamic(node);
        if (planWhileRunning) {
            output.markDynamic();
        } else {
            plan(node);
        }
    }

    private void plan(Node node) {
        Tensor output = node.output(0);
        if (node.input(0).numElements() == 1 && node.input(1).numElements() == 1
                && node.input(2).numElements() == 1 && output.numElements() == 1) {
            // TensorFlow Lite keeps the output's declared shape when all are single elements (a scalar written as
            // [] or [1, 1]), whatever the inputs' shapes.
            int rank = output.numDimensions();
            shape = output.shape();
            cStrides = new int[rank];
            xStrides = new int[rank];
            yStrides = new int[rank];
            index = new int[rank];
            return;
        }
        int[] c = node.input(0).shape();
        int[] x = node.input(1).shape();
        int[] y = node.input(2).shape();
        if (!broadcasts) {
            if (!Arrays.equals(x, y)) {
                throw node.error("x " + Arrays.toString(x) + " and y " + Arrays.toString(y) + " differ in shape");
            }
            if (c.length == 1 && x.length > 1 && c[0] == x[0]) {
                // One condition per slice along x's first dimension: broadcast it as [n, 1, ..., 1].
                int[] padded = new int[x.length];
                Arrays.fill(padded, 1);
                padded[0] = c[0];
                c = padded;
            } else if (c.length != 0 && !Arrays.equals(c, x)) {
                throw node.error("condition " + Arrays.toString(c) + " must have x's shape " + Arrays.toString(x)
                        + ", be a scalar, or be a vector over its first dimension");
            }
        }
        int rank = Math.max(c.length, Math.max(x.length, y.length));
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            out[d] = 1;
            for (int[] s : new int[][] {c, x, y}) {
                int size = dim(s, d, rank);
                if (size != 1) {
                    if (out[d] != 1 && out[d] != size) {
                        throw node.error("shapes " + Arrays.toString(c) + ", " + Arrays.toString(x) + " and "
                                + Arrays.toString(y) + " cannot be broadcast");
                    }
                    out[d] = size;
                }
            }
        }
        shape = out;
        cStrides = strides(c, out);
        xStrides = strides(x, out);
        yStrides = strides(y, out);
        index = new int[rank];
        node.output(0).resize(out);
    }

    /** Size of dimension {@code d} of {@code s} aligned right to {@code rank} dimensions. */
    private static int dim(int[] s, int d, int rank) {
        int i = d - (rank - s.length);
        return i >= 0 ? s[i] : 1;
    }

    /** Element strides of an input over the output's dimensions: 0 where the input repeats. */
    private static int[] strides(int[] s, int[] out) {
        int rank = out.length;
        int[] strides = new int[rank];
        int run = 1;
        for (int d = rank - 1; d >= 0; d--) {
            int size = dim(s, d, rank);
            strides[d] = size == 1 ? 0 : run;
            run *= size;
        }
        return strides;
    }

    @Override
    public void eval(Node node) {
        if (planWhileRunning) {
            plan(node);
        }
        Tensor condition = node.input(0);
        Tensor x = node.input(1);
        Tensor y = node.input(2);
        Tensor out = node.output(0);
        int size = out.numElements();
        if (size == 0) {
            return;
        }
        int rank = shape.length;
        int inner = rank == 0 ? 1 : shape[rank - 1];
        int cs = rank == 0 ? 0 : cStrides[rank - 1];
        int xs = rank == 0 ? 0 : xStrides[rank - 1];
        int ys = rank == 0 ? 0 : yStrides[rank - 1];
        Arrays.fill(index, 0);
        byte[] cv = condition.bytes();
        int ci = condition.offset();
        int xi = x.offset();
        int yi = y.offset();
        for (int oi = out.offset(), end = out.offset() + size; oi < end; oi += inner) {
            row(cv, ci, cs, x, xi, xs, y, yi, ys, out, oi, inner);
            // Next row: advance the odometer over all dimensions but the last.
            for (int d = rank - 2; d >= 0; d--) {
                ci += cStrides[d];
                xi += xStrides[d];
                yi += yStrides[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
                ci -= cStrides[d] * shape[d];
                xi -= xStrides[d] * shape[d];
                yi -= yStrides[d] * shape[d];
            }
        }
    }

    private static void row(byte[] c, int ci, int cs, Tensor x, int xi, int xs, Tensor y, int yi, int ys,
            Tensor out, int oi, int n) {
        switch (out.dataType().storage()) {
            case FLOAT -> {
                float[] a = x.floats();
                float[] b = y.floats();
                float[] o = out.floats();
                for (int i = 0; i < n; i++, ci += cs, xi += xs, yi += ys) {
                    o[oi + i] = c[ci] != 0 ? a[xi] : b[yi];
                }
            }
            case INT -> {
                int[] a = x.ints();
                int[] b = y.ints();
                int[] o = out.ints();
                for (int i = 0; i < n; i++, ci += cs, xi += xs, yi += ys) {
                    o[oi + i] = c[ci] != 0 ? a[xi] : b[yi];
                }
            }
            case LONG -> {
                long[] a = x.longs();
                long[] b = y.longs();
                long[] o = out.longs();
                for (int i = 0; i < n; i++, ci += cs, xi += xs, yi += ys) {
                    o[oi + i] = c[ci] != 0 ? a[xi] : b[yi];
                }
            }
            case SHORT -> {
                short[] a = x.shorts();
                short[] b = y.shorts();
                short[] o = out.shorts();
                for (int i = 0; i < n; i++, ci += cs, xi += xs, yi += ys) {
                    o[oi + i] = c[ci] != 0 ? a[xi] : b[yi];
                }
            }
            default -> {
                byte[] a = x.bytes();
                byte[] b = y.bytes();
                byte[] o = out.bytes();
                for (int i = 0; i < n; i++, ci += cs, xi += xs, yi += ys) {
                    o[oi + i] = c[ci] != 0 ? a[xi] : b[yi];
                }
            }
        }
    }
}
