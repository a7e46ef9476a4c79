package dev.jlite.converter.graph;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Removes nodes that only forward a tensor or matter only in training: {@code Identity}, {@code IdentityN},
 * {@code StopGradient}, {@code PreventGradient}, {@code Snapshot}, {@code CheckNumerics}, {@code EnsureShape},
 * {@code PlaceholderWithDefault} that is not fed (its default flows through, e.g. Keras' learning phase), and
 * side-effect-only nodes ({@code NoOp}, {@code Assert}, {@code Print}...) that no data depends on.
 */
public final class IdentityRemoval {
    private static final Set<String> FORWARDING = Set.of("Identity", "StopGradient", "PreventGradient", "Snapshot",
            "CheckNumerics", "EnsureShape", "PlaceholderWithDefault", "DebugIdentity");
    private static final Set<String> SIDE_EFFECTS = Set.of("NoOp", "Assert", "Print", "PrintV2", "SaveV2",
            "MergeV2Checkpoints");

    private IdentityRemoval() {}

    /** Removes them; returns the number of nodes removed. */
    public static int run(TfGraph g) {
        Map<String, String> rewire = new HashMap<>();
        int removed = 0;
        for (Iterator<TfNode> it = g.nodes.values().iterator(); it.hasNext();) {
            TfNode n = it.next();
            if (g.feeds.contains(n.name)) {
                continue;
            }
            if (FORWARDING.contains(n.op) && !n.inputs.isEmpty()) {
                rewire.put(TfGraph.ref(n.name, 0), n.inputs.get(0));
            } else if (n.op.equals("IdentityN")) {
                for (int i = 0; i < n.inputs.size(); i++) {
                    rewire.put(TfGraph.ref(n.name, i), n.inputs.get(i));
                }
            } else if (!SIDE_EFFECTS.contains(n.op)) {
                continue;
            }
            it.remove();
            removed++;
        }
        g.replaceUses(rewire);
        return removed;
    }
}
