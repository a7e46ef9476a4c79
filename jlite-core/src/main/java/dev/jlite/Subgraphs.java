package dev.jlite;

import dev.jlite.kernel.Delegate;
import dev.jlite.kernel.OpResolver;
import dev.jlite.kernel.ThreadPool;
import java.util.List;

/**
 * One interpreter's executors, one per subgraph of the model, each made when first asked for. The primary subgraph,
 * signature runners and control-flow kernels (IF, WHILE) all reach subgraphs through it, so each subgraph is prepared
 * and planned once per interpreter.
 */
final class Subgraphs {
    private final Model model;
    private final OpResolver resolver;
    private final List<Delegate> delegates;
    private final ThreadPool pool;
    private final long maxArenaBytes;
    private final boolean useSimd;
    private final SubgraphExecutor[] executors;
    private final boolean[] constructing;

    Subgraphs(Model model, OpResolver resolver, List<Delegate> delegates, ThreadPool pool, long maxArenaBytes,
            boolean useSimd) {
        this.model = model;
        this.resolver = resolver;
        this.delegates = delegates;
        this.pool = pool;
        this.maxArenaBytes = maxArenaBytes;
        this.useSimd = useSimd;
        this.executors = new SubgraphExecutor[model.subgraphs().size()];
        this.constructing = new boolean[executors.length];
    }

    /** The number of subgraphs in the model. */
    int count() {
        return executors.length;
    }

    /**
     * The executor of subgraph {@code index}, resolving its kernels the first time.
     *
     * @throws ModelFormatException if there is no such subgraph, or making it needs itself
     */
    SubgraphExecutor get(int index) {
        if (index < 0 || index >= executors.length) {
            throw new ModelFormatException("no subgraph " + index + " (the model has " + executors.length + ")");
        }
        if (executors[index] == null) {
            if (constructing[index]) {
                throw new ModelFormatException("subgraph " + index + " calls itself while its kernels are made");
            }
            constructing[index] = true;
            try {
                executors[index] = new SubgraphExecutor(model, index, resolver, delegates, pool, maxArenaBytes,
                        useSimd, this);
            } finally {
                constructing[index] = false;
            }
        }
        return executors[index];
    }
}
