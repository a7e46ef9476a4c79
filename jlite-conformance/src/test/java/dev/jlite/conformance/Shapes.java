package dev.jlite.conformance;

/** Shape choices shared by generators: broadcast pairs and the like. */
public final class Shapes {
    private Shapes() {}

    /**
     * Two shapes that broadcast against each other, up to {@code maxRank} dimensions: equal shapes, a scalar, a
     * lower-rank operand, and dimensions of 1 on either side, each with fair odds (the kernels' fast paths differ).
     */
    public static int[][] broadcastPair(CaseRandom r, int maxRank, int maxDim) {
        int rank = r.between(0, maxRank);
        int[] out = r.shape(rank, maxDim);
        int kind = r.between(0, 3);
        int[] a = out.clone();
        int[] b = out.clone();
        if (kind == 1) {
            b = new int[0];
        } else if (kind >= 2) {
            for (int d = 0; d < rank; d++) {
                if (r.chance(0.35)) {
                    a[d] = 1;
                } else if (r.chance(0.35)) {
                    b[d] = 1;
                }
            }
            if (kind == 3 && rank > 0) {
                int drop = r.between(0, rank);
                int[] shorter = new int[rank - drop];
                System.arraycopy(b, drop, shorter, 0, shorter.length);
                b = shorter;
            }
        }
        return r.chance(0.5) ? new int[][] {a, b} : new int[][] {b, a};
    }

    /**
     * One shape of rank 0 to {@code maxRank} for element-wise operators: mostly small odd sizes, and about a third of
     * the time a last dimension over 64, so vector loops and their remainders both run.
     */
    public static int[] elementwise(CaseRandom r, int maxRank) {
        int rank = r.between(0, maxRank);
        int[] shape = r.shape(rank, rank <= 2 ? 9 : 4);
        if (rank > 0 && r.chance(0.35)) {
            shape[rank - 1] = r.between(65, 150);
        }
        return shape;
    }

    /** "[2, 3]" */
    public static String str(int... shape) {
        return java.util.Arrays.toString(shape);
    }
}
