package dev.jlite.converter.quant;

import dev.jlite.DataType;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.converter.passes.GraphPass;
import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Float16 quantization as TensorFlow Lite's converter does it: every FLOAT32 constant an operator reads (weights,
 * biases, other constants) is stored as FLOAT16 and read through a DEQUANTIZE operator, which interpreters run once
 * (all its inputs are constant). Computation stays float32; the file is about half the size.
 */
public final class Float16Quantization implements GraphPass {
    @Override
    public String name() {
        return "float16-quantization";
    }

    @Override
    public int run(TflGraph g) {
        Map<Value, Value> dequantized = new IdentityHashMap<>();
        List<Op> dequantizes = new ArrayList<>();
        for (Op op : g.ops()) {
            for (int i = 0; i < op.inputs().size(); i++) {
                Value v = op.input(i);
                if (v == null || !v.isConstant() || v.type() != DataType.FLOAT32) {
                    continue;
                }
                Value f32 = dequantized.computeIfAbsent(v, k -> {
                    float[] f = k.constant().floats();
                    short[] h = new short[f.length];
                    for (int j = 0; j < f.length; j++) {
                        h[j] = Half.fromFloat(f[j]);
                    }
                    Value half = Value.constant(k.name() + "/fp16", new Constant(DataType.FLOAT16, k.shape(), h));
                    Value out = new Value(k.name(), DataType.FLOAT32, k.shape());
                    dequantizes.add(new Op(BuiltinOperator.DEQUANTIZE, List.of(half), List.of(out), Map.of(),
                            op.origin()));
                    return out;
                });
                op.setInput(i, f32);
            }
        }
        g.ops().addAll(0, dequantizes);
        return dequantizes.size();
    }
}
