package dev.jlite.ops;

import dev.jlite.kernel.KernelFactory;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.OpResolver;
import dev.jlite.kernel.Registration;
import dev.jlite.ops.control.ControlFlowOps;
import dev.jlite.ops.conv.ConvOps;
import dev.jlite.ops.detection.DetectionOps;
import dev.jlite.ops.elementwise.ElementwiseOps;
import dev.jlite.ops.lstm.LstmOps;
import dev.jlite.ops.math.MathOps;
import dev.jlite.ops.matmul.MatMulOps;
import dev.jlite.ops.quant.QuantizedOps;
import dev.jlite.ops.quant.QuantizedConvOps;
import dev.jlite.ops.shape.ShapeOps;
import java.util.List;

/** Every kernel in jlite-ops, builtin and custom (TensorFlow Lite's {@code BuiltinOpResolver}). */
public final class BuiltinOpResolver implements OpResolver {
    private final MutableOpResolver all = new MutableOpResolver();

    public BuiltinOpResolver() {
        ConvOps.register(all);
        ElementwiseOps.register(all);
        MathOps.register(all);
        MatMulOps.register(all);
        ShapeOps.register(all);
        QuantizedConvOps.register(all);
        ControlFlowOps.register(all);
        DetectionOps.register(all);
        QuantizedOps.register(all);
        LstmOps.register(all);
    }

    @Override
    public KernelFactory findBuiltin(int builtinCode, int version) {
        return all.findBuiltin(builtinCode, version);
    }

    @Override
    public KernelFactory findCustom(String name, int version) {
        return all.findCustom(name, version);
    }

    @Override
    public List<Registration> registrations() {
        return all.registrations();
    }
}
