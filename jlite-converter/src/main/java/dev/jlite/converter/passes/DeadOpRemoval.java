package dev.jlite.converter.passes;

import dev.jlite.converter.ir.TflGraph;

/** Removes operators whose results no output depends on. */
public final class DeadOpRemoval implements GraphPass {
    @Override
    public String name() {
        return "dead-op-removal";
    }

    @Override
    public int run(TflGraph g) {
        return g.removeDeadOps();
    }
}
