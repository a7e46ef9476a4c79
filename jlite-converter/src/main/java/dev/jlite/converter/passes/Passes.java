package dev.jlite.converter.passes;

import java.util.ArrayList;
import java.util.List;

/** The optimization pipeline, in the order its passes run. */
public final class Passes {
    private Passes() {}

    /** Graph optimizations, after lowering. */
    public static List<GraphPass> optimizations() {
        List<GraphPass> p = new ArrayList<>();
        p.add(new TransposeElimination());
        p.add(new MatMulToFullyConnected());
        p.add(new BiasFusion()); // a BiasAdd before a batch norm first, so that the norm's scale reaches the conv
        p.add(new BatchNormFolding());
        p.add(new BiasFusion());
        p.add(new PadFolding());
        p.add(new ActivationPatterns());
        p.add(new ActivationFusion());
        p.add(new DeadOpRemoval());
        return p;
    }
}
