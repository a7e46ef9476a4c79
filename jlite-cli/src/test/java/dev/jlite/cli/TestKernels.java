package dev.jlite.cli;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.KernelFactory;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.OpResolver;
import dev.jlite.kernel.Registration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * This build's kernels, plus a float ADD of two same-shaped tensors for when jlite-ops has no ADD yet: the CLI
 * tests exercise the CLI, so they run with the real kernel where there is one and a minimal one where not.
 */
final class TestKernels implements OpResolver {
    private final OpResolver real = Models.kernels();
    private final MutableOpResolver fallback = new MutableOpResolver()
            .addBuiltin(BuiltinOperator.ADD, node -> new SameShapeAdd(), DataType.FLOAT32);

    @Override
    public KernelFactory findBuiltin(int builtinCode, int version) {
        KernelFactory k = real.findBuiltin(builtinCode, version);
        return k != null ? k : fallback.findBuiltin(builtinCode, version);
    }

    @Override
    public KernelFactory findCustom(String name, int version) {
        KernelFactory k = real.findCustom(name, version);
        return k != null ? k : fallback.findCustom(name, version);
    }

    @Override
    public List<Registration> registrations() {
        List<Registration> all = new ArrayList<>(real.registrations());
        all.addAll(fallback.registrations());
        return all;
    }

    /** out = a + b for float tensors of one shape (no broadcasting, no fused activation). */
    private static final class SameShapeAdd implements Kernel {
        @Override
        public void prepare(Node node) {
            node.checkArity(2, 2, 1);
            Tensor a = node.requireInput(0);
            Tensor b = node.requireInput(1);
            if (!Arrays.equals(a.shape(), b.shape())) {
                throw node.error("test ADD needs inputs of one shape");
            }
            node.output(0).resize(a.shape());
        }

        @Override
        public void eval(Node node) {
            Tensor a = node.input(0);
            Tensor b = node.input(1);
            Tensor out = node.output(0);
            float[] x = a.floats();
            float[] y = b.floats();
            float[] z = out.floats();
            for (int i = 0; i < out.numElements(); i++) {
                z[out.offset() + i] = x[a.offset() + i] + y[b.offset() + i];
            }
        }
    }
}
