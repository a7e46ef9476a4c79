package dev.jlite.ops.elementwise;

import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * How two inputs of any ranks broadcast against each other (numpy rules: shapes aligned at the last dimension,
 * each pair of sizes equal or one of them 1), reduced to the fewest loops: dimensions of output size 1 are dropped
 * and neighbours that broadcast the same way are merged. The output is then {@link #rows()} rows of
 * {@link #inner()} elements; along a row each input either advances one element ({@code stride 1}) or repeats one
 * value ({@code stride 0}).
 */
public final class Broadcast {
    private final int[] outputShape;
    /** Merged output dimensions, outermost first; at least one. */
    private final int[] dims;
    private final int[] aStrides;
    private final int[] bStrides;
    private final int rows;
    private final int size;

    private Broadcast(int[] outputShape, int[] dims, int[] aStrides, int[] bStrides) {
        this.outputShape = outputShape;
        this.dims = dims;
        this.aStrides = aStrides;
        this.bStrides = bStrides;
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        this.size = (int) n;
        int last = dims[dims.length - 1];
        this.rows = last == 0 ? 0 : size / last;
    }

    /** The broadcast of shapes {@code a} and {@code b}; incompatible shapes are the node's error. */
    public static Broadcast of(Node node, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        boolean[] aRepeats = new boolean[rank];
        boolean[] bRepeats = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.length) >= 0 ? a[d - (rank - a.length)] : 1;
            int db = d - (rank - b.length) >= 0 ? b[d - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw node.error("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast (dimension " + d + " of the aligned shapes: " + da + " vs " + db + ")");
            }
            out[d] = da == 1 ? db : da;
            aRepeats[d] = da == 1 && out[d] != 1;
            bRepeats[d] = db == 1 && out[d] != 1;
        }
        int[] dims = new int[rank + 1];
        boolean[] aRep = new boolean[rank + 1];
        boolean[] bRep = new boolean[rank + 1];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (out[d] == 1) {
                continue;
            }
            if (n > 0 && aRep[n - 1] == aRepeats[d] && bRep[n - 1] == bRepeats[d]) {
                dims[n - 1] *= out[d];
            } else {
                dims[n] = out[d];
                aRep[n] = aRepeats[d];
                bRep[n] = bRepeats[d];
                n++;
            }
        }
        if (n == 0) {
            dims[n++] = 1;
        }
        dims = Arrays.copyOf(dims, n);
        int[] aStrides = new int[n];
        int[] bStrides = new int[n];
        int aRun = 1;
        int bRun = 1;
        for (int d = n - 1; d >= 0; d--) {
            aStrides[d] = aRep[d] ? 0 : aRun;
            bStrides[d] = bRep[d] ? 0 : bRun;
            aRun *= aRep[d] ? 1 : dims[d];
            bRun *= bRep[d] ? 1 : dims[d];
        }
        return new Broadcast(out, dims, aStrides, bStrides);
    }

    /** The broadcast output shape (not merged). */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Output elements in all. */
    public int size() {
        return size;
    }

    /** Number of rows, the product of all merged dimensions but the last. */
    public int rows() {
        return rows;
    }

    /** Elements per row: the last merged dimension. */
    public int inner() {
        return dims[dims.length - 1];
    }

    /** Stride of input a along a row: 1, or 0 when a repeats one value. */
    public int aInnerStride() {
        return aStrides[dims.length - 1];
    }

    /** Stride of input b along a row: 1, or 0 when b repeats one value. */
    public int bInnerStride() {
        return bStrides[dims.length - 1];
    }

    /** Whether the output is rows of a plain matrix: each input's rows lie a fixed stride apart. */
    public boolean isTwoDimensional() {
        return dims.length == 2;
    }

    /** With {@link #isTwoDimensional()}: elements between the starts of consecutive rows of a (0 if repeated). */
    public int aRowStride() {
        return aStrides[0];
    }

    /** With {@link #isTwoDimensional()}: elements between the starts of consecutive rows of b (0 if repeated). */
    public int bRowStride() {
        return bStrides[0];
    }

    /** Element offset in input a where output row {@code row} starts. */
    public int aRowOffset(int row) {
        return rowOffset(row, aStrides);
    }

    /** Element offset in input b where output row {@code row} starts. */
    public int bRowOffset(int row) {
        return rowOffset(row, bStrides);
    }

    private int rowOffset(int row, int[] strides) {
        if (dims.length == 2) {
            // The common case (bias, per-position scale): no division needed.
            return row * strides[0];
        }
        int offset = 0;
        for (int d = dims.length - 2; d >= 0 && row != 0; d--) {
            int size = dims[d];
            offset += (row % size) * strides[d];
            row /= size;
        }
        return offset;
    }
}
