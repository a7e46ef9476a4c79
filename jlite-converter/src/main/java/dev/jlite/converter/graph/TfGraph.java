package dev.jlite.converter.graph;

import dev.jlite.converter.ConversionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A TensorFlow graph being converted: nodes by name (insertion order), the function library, and, once a signature is
 * selected, the tensors it feeds and fetches. References to tensors are {@code "node:port"} strings.
 */
public final class TfGraph {
    final Map<String, TfNode> nodes = new LinkedHashMap<>();
    final Map<String, FunctionDef> library;
    /** Fed placeholders by node name, in signature order. */
    final List<String> feeds = new ArrayList<>();
    /** Fetched tensors, in signature order. */
    final List<String> fetches = new ArrayList<>();

    TfGraph(Map<String, FunctionDef> library) {
        this.library = library;
    }

    /** A graph of a GraphDef's nodes and library. */
    public static TfGraph of(GraphDef def) {
        Map<String, FunctionDef> lib = new HashMap<>();
        for (FunctionDef f : def.getLibrary().getFunctionList()) {
            lib.put(f.getSignature().getName(), f);
        }
        TfGraph g = new TfGraph(lib);
        for (NodeDef n : def.getNodeList()) {
            g.add(TfNode.of(n));
        }
        return g;
    }

    /** A deep copy of the nodes (attributes and constant values are shared, being immutable). */
    public TfGraph copy() {
        TfGraph g = new TfGraph(library);
        for (TfNode n : nodes.values()) {
            g.add(n.copy());
        }
        g.feeds.addAll(feeds);
        g.fetches.addAll(fetches);
        return g;
    }

    void add(TfNode n) {
        if (nodes.putIfAbsent(n.name, n) != null) {
            throw new ConversionException("two nodes are named '" + n.name + "'");
        }
    }

    public TfNode node(String name) {
        return nodes.get(name);
    }

    public Collection<TfNode> nodes() {
        return nodes.values();
    }

    public int size() {
        return nodes.size();
    }

    public List<String> feeds() {
        return feeds;
    }

    public List<String> fetches() {
        return fetches;
    }

    /** The node a reference points at. */
    public TfNode producer(String ref) {
        TfNode n = nodes.get(nodeName(ref));
        if (n == null) {
            throw new ConversionException("tensor '" + ref + "' refers to a node that does not exist");
        }
        return n;
    }

    /** {@code "x"} -> {@code "x:0"}; {@code "x:1"} stays. */
    static String normalize(String ref) {
        int colon = ref.lastIndexOf(':');
        if (colon > 0 && ref.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < ref.length() - 1) {
            return ref;
        }
        return ref + ":0";
    }

    public static String nodeName(String ref) {
        return ref.substring(0, ref.lastIndexOf(':'));
    }

    public static int port(String ref) {
        return Integer.parseInt(ref.substring(ref.lastIndexOf(':') + 1));
    }

    public static String ref(String node, int port) {
        return node + ":" + port;
    }

    /** Replaces every use of tensor {@code from} (node inputs and fetches) by {@code to}. */
    public void replaceUses(String from, String to) {
        for (TfNode n : nodes.values()) {
            n.inputs.replaceAll(r -> r.equals(from) ? to : r);
        }
        fetches.replaceAll(r -> r.equals(from) ? to : r);
    }

    /** Replaces uses of several tensors at once ({@code from -> to}), in one sweep over the graph. */
    public void replaceUses(Map<String, String> map) {
        if (map.isEmpty()) {
            return;
        }
        for (TfNode n : nodes.values()) {
            n.inputs.replaceAll(r -> resolve(map, r));
        }
        fetches.replaceAll(r -> resolve(map, r));
    }

    private static String resolve(Map<String, String> map, String r) {
        String t = map.get(r);
        int guard = 0;
        while (t != null) {
            r = t;
            t = map.get(r);
            if (++guard > 100000) {
                throw new ConversionException("cyclic rewiring at " + r);
            }
        }
        return r;
    }

    /** Keeps only the nodes the fetches depend on, stopping at feeds. */
    public void prune() {
        java.util.Set<String> keep = new java.util.HashSet<>();
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(feeds); // kept even when unused
        for (String f : fetches) {
            work.add(nodeName(f));
        }
        while (!work.isEmpty()) {
            String name = work.pop();
            if (!keep.add(name)) {
                continue;
            }
            TfNode n = nodes.get(name);
            if (n == null) {
                throw new ConversionException("the graph refers to a node '" + name + "' that does not exist");
            }
            if (!feeds.contains(name)) {
                for (String in : n.inputs) {
                    work.add(nodeName(in));
                }
            }
        }
        nodes.keySet().retainAll(keep);
    }

    /** Nodes in an order where every node comes after its inputs. */
    public List<TfNode> topologicalOrder() {
        List<TfNode> order = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (TfNode n : nodes.values()) {
            visit(n, state, order);
        }
        return order;
    }

    private void visit(TfNode start, Map<String, Integer> state, List<TfNode> order) {
        // iterative DFS: real graphs are deep enough to overflow the stack
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        if (state.containsKey(start.name)) {
            return;
        }
        state.put(start.name, 1);
        stack.push(new Object[] {start, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            TfNode n = (TfNode) top[0];
            int i = (Integer) top[1];
            List<String> ins = feeds.contains(n.name) ? List.of() : n.inputs;
            if (i < ins.size()) {
                top[1] = i + 1;
                TfNode in = producer(ins.get(i));
                Integer s = state.get(in.name);
                if (s == null) {
                    state.put(in.name, 1);
                    stack.push(new Object[] {in, 0});
                } else if (s == 1) {
                    throw new ConversionException("the graph has a cycle through " + in.describe()
                            + " (control flow loops are not supported)");
                }
            } else {
                stack.pop();
                state.put(n.name, 2);
                order.add(n);
            }
        }
    }
}
