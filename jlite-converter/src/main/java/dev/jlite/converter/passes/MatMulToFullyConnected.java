package dev.jlite.converter.passes;

import dev.jlite.converter.ir.ConstMath;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.FusedActivation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * BATCH_MATMUL of an activation by a constant 2-D matrix (TensorFlow's MatMul of a Dense layer) becomes
 * FULLY_CONNECTED with weights {@code [out, in]}: the right-hand side transposed unless it already was
 * ({@code adj_y}). A following bias ADD is left to {@link BiasFusion}.
 */
public final class MatMulToFullyConnected implements GraphPass {
    @Override
    public String name() {
        return "matmul-to-fully-connected";
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            Value a = op.input(0);
            Value b = op.input(1);
            if (op.code() != BuiltinOperator.BATCH_MATMUL || !b.isConstant() || b.rank() != 2
                    || op.option("adjX", false) || a.isConstant()) {
                continue;
            }
            Constant w = op.option("adjY", false) ? b.constant() : ConstMath.transpose(b.constant(), new int[] {1, 0});
            Value weights = Value.constant(b.name() + "/fc_weights", w);
            Map<String, Object> options = new HashMap<>();
            options.put("activation", FusedActivation.NONE);
            options.put("keepNumDims", a.rank() != 2);
            g.ops().set(i, new Op(BuiltinOperator.FULLY_CONNECTED, Arrays.asList(a, weights, null),
                    op.outputs(), options, op.origin()));
            count++;
        }
        return count;
    }
}
