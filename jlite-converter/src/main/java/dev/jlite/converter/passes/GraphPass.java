package dev.jlite.converter.passes;

import dev.jlite.converter.ir.TflGraph;

/** One optimization of a TensorFlow Lite graph. */
public interface GraphPass {
    /** A short name for reports. */
    String name();

    /** Runs the pass; returns the number of rewrites it made. */
    int run(TflGraph g);
}
