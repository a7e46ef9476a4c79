package dev.jlite.converter.quant;

import dev.jlite.DataType;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.Quantization;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.converter.passes.GraphPass;
import dev.jlite.kernel.BuiltinOperator;

/**
 * Dynamic-range quantization: the weights of CONV_2D and DEPTHWISE_CONV_2D (symmetric int8 per output channel) and
 * of FULLY_CONNECTED (symmetric int8 per tensor) become INT8; activations stay float and the kernels quantize them
 * on the fly (TensorFlow Lite's hybrid kernels). Like TensorFlow Lite's converter, weights with fewer than 1024
 * elements stay float. Operator versions are the hybrid ones.
 */
public final class DynamicRangeQuantization implements GraphPass {
    static final int MIN_ELEMENTS = 1024;

    @Override
    public String name() {
        return "dynamic-range-quantization";
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        for (Op op : g.ops()) {
            Value w = op.input(1);
            if (w == null || !w.isConstant() || w.type() != DataType.FLOAT32
                    || w.constant().elementCount() < MIN_ELEMENTS) {
                continue;
            }
            switch (op.code()) {
                case CONV_2D -> {
                    op.setInput(1, quantize(w, 0));
                    op.options().put("version", 5); // hybrid, per channel
                }
                case DEPTHWISE_CONV_2D -> {
                    op.setInput(1, quantize(w, 3));
                    op.options().put("version", 6); // hybrid, per channel
                }
                case FULLY_CONNECTED -> {
                    op.setInput(1, quantize(w, -1));
                    op.options().put("version", 3); // hybrid
                }
                default -> {
                    continue;
                }
            }
            count++;
        }
        return count;
    }

    /** Symmetric int8 along {@code axis} (-1: one scale for the tensor). */
    static Value quantize(Value w, int axis) {
        Constant c = w.constant();
        float[] f = c.floats();
        int[] shape = c.shape();
        int channels = axis < 0 ? 1 : shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length && axis >= 0; d++) {
            inner *= shape[d];
        }
        float[] scales = new float[channels];
        for (int i = 0; i < f.length; i++) {
            int ch = axis < 0 ? 0 : (i / inner) % channels;
            scales[ch] = Math.max(scales[ch], Math.abs(f[i]));
        }
        for (int ch = 0; ch < channels; ch++) {
            scales[ch] = scales[ch] == 0 ? 1 : scales[ch] / 127f;
        }
        byte[] q = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            int ch = axis < 0 ? 0 : (i / inner) % channels;
            q[i] = (byte) Math.max(-127, Math.min(127, Math.round(f[i] / scales[ch])));
        }
        Value v = Value.constant(w.name() + "/int8", new Constant(DataType.INT8, shape, q));
        v.setQuantization(new Quantization(scales, new long[channels], Math.max(axis, 0)));
        return v;
    }
}
