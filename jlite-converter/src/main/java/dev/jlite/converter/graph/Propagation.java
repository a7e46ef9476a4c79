package dev.jlite.converter.graph;

/**
 * Runs {@link OpCanonicalization}, {@link ShapeInference} and {@link ConstantFolding} over a graph in topological
 * order, so that each node sees its inputs' shapes and folded values.
 */
public final class Propagation {
    private Propagation() {}

    /** Returns the number of nodes folded into constants. */
    public static int run(TfGraph g) {
        int folded = 0;
        for (TfNode n : g.topologicalOrder()) {
            OpCanonicalization.run(g, n);
            ShapeInference.infer(g, n);
            if (ConstantFolding.fold(g, n)) {
                folded++;
            }
        }
        return folded;
    }
}
