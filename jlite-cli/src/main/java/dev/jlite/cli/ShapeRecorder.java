package dev.jlite.cli;

import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.KernelFactory;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.OpResolver;
import dev.jlite.kernel.Registration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An op resolver that hands out the kernels of another one, and remembers the tensor shapes each node had once
 * its kernel prepared it: the shapes after {@code allocateTensors()}, which the public interpreter API only shows
 * for the model's inputs and outputs. Only the primary subgraph is prepared by {@code allocateTensors()}, so the
 * recorded nodes are its nodes.
 */
final class ShapeRecorder implements OpResolver {
    /** A node's shapes: {@code null} entries for omitted optional inputs. */
    record NodeShapes(int[][] inputs, int[][] outputs) {}

    private final OpResolver kernels;
    private final Map<Integer, NodeShapes> prepared = new HashMap<>();

    ShapeRecorder(OpResolver kernels) {
        this.kernels = kernels;
    }

    /** The shapes of the node at this index of the primary subgraph, or {@code null} if it was not prepared. */
    NodeShapes shapes(int nodeIndex) {
        return prepared.get(nodeIndex);
    }

    @Override
    public KernelFactory findBuiltin(int builtinCode, int version) {
        return recording(kernels.findBuiltin(builtinCode, version));
    }

    @Override
    public KernelFactory findCustom(String name, int version) {
        return recording(kernels.findCustom(name, version));
    }

    @Override
    public List<Registration> registrations() {
        return kernels.registrations();
    }

    private KernelFactory recording(KernelFactory factory) {
        if (factory == null) {
            return null;
        }
        return node -> {
            Kernel inner = factory.create(node);
            return new Kernel() {
                @Override
                public void prepare(Node n) {
                    inner.prepare(n);
                    prepared.put(n.index(), new NodeShapes(shapes(n, true), shapes(n, false)));
                }

                @Override
                public void eval(Node n) {
                    inner.eval(n);
                }

                // Delegated, so the interpreter fuses activations, ADDs (with channel PADs), PRELUs and spatial PADs,
                // and pairs pixel consumers, exactly as it does without the recorder (and inspect reports the arena
                // that a run plans).
                @Override
                public int declaredActivation(Node n) {
                    return inner.declaredActivation(n);
                }

                @Override
                public boolean fusesEpilogue(Node n) {
                    return inner.fusesEpilogue(n);
                }

                @Override
                public boolean fusesChannelPaddedAddend(Node n) {
                    return inner.fusesChannelPaddedAddend(n);
                }

                @Override
                public boolean fusesInputPadding(Node n) {
                    return inner.fusesInputPadding(n);
                }

                @Override
                public boolean runsPixelConsumer(Node n) {
                    return inner.runsPixelConsumer(n);
                }

                @Override
                public boolean evaluatesPixels(Node n) {
                    return inner.evaluatesPixels(n);
                }

                @Override
                public void beginPixels(Node n) {
                    inner.beginPixels(n);
                }

                @Override
                public void evalPixels(Node n, int from, int to) {
                    inner.evalPixels(n, from, to);
                }

                @Override
                public void endPixels(Node n) {
                    inner.endPixels(n);
                }
            };
        };
    }

    private static int[][] shapes(Node n, boolean inputs) {
        int count = inputs ? n.inputCount() : n.outputCount();
        int[][] s = new int[count][];
        for (int i = 0; i < count; i++) {
            Tensor t = inputs ? n.input(i) : n.output(i);
            s[i] = t == null ? null : t.shape();
        }
        return s;
    }
}
