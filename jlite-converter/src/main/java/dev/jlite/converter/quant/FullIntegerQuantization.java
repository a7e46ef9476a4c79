package dev.jlite.converter.quant;

import static dev.jlite.kernel.BuiltinOperator.*;

import dev.jlite.DataType;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.Quantization;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.converter.passes.GraphPass;
import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Full-integer quantization after TensorFlow Lite's quantization spec: int8 activations (asymmetric, per tensor,
 * range including zero, from calibration), int8 weights (symmetric; per output channel for CONV_2D and
 * DEPTHWISE_CONV_2D, per tensor for FULLY_CONNECTED), int32 biases with scale input scale x weight scale, fixed
 * output parameters for SOFTMAX/LOGISTIC (1/256, -128) and TANH (1/128, 0), and outputs that keep their input's
 * parameters for operators that only move data (RESHAPE, pooling, PAD...), CONCATENATION inputs requantized to its
 * output's parameters (int8 -> int8 QUANTIZE) where they differ. Operators without an int8 form stay float
 * between DEQUANTIZE and QUANTIZE; the model's inputs and outputs stay float behind QUANTIZE/DEQUANTIZE unless
 * int8 inputs and outputs are asked for.
 */
public final class FullIntegerQuantization implements GraphPass {
    private static final Set<BuiltinOperator> QUANTIZABLE = EnumSet.of(CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
            ADD, MUL, SUB, AVERAGE_POOL_2D, MAX_POOL_2D, MEAN, SOFTMAX, LOGISTIC, TANH, RELU, RELU6, RESHAPE, SQUEEZE,
            PAD, RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR, TRANSPOSE, HARD_SWISH, STRIDED_SLICE, CONCATENATION);
    /** Operators whose output must carry the input's quantization. */
    private static final Set<BuiltinOperator> SAME_AS_INPUT = EnumSet.of(RESHAPE, SQUEEZE, AVERAGE_POOL_2D,
            MAX_POOL_2D, PAD, RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR, TRANSPOSE, STRIDED_SLICE);

    private final Map<Value, float[]> ranges;
    private final boolean int8Io;

    public FullIntegerQuantization(Map<Value, float[]> ranges, boolean int8Io) {
        this.ranges = ranges;
        this.int8Io = int8Io;
    }

    @Override
    public String name() {
        return "int8-quantization";
    }

    @Override
    public int run(TflGraph g) {
        Map<Value, Value> quantizedOf = new IdentityHashMap<>(); // float value -> its int8 twin
        Map<Value, Value> floatOf = new IdentityHashMap<>(); // int8 value -> its float twin
        // float values no operator writes any more: their int8 twin replaced them
        Set<Value> replaced = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Op> out = new ArrayList<>();
        Map<String, Value> newInputs = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : g.inputs().entrySet()) {
            Value v = e.getValue();
            if (int8Io && v.type() == DataType.FLOAT32) {
                Value q = new Value(v.name(), DataType.INT8, v.shape());
                q.setQuantization(activation(v));
                newInputs.put(e.getKey(), q);
                quantizedOf.put(v, q);
                replaced.add(v);
            } else {
                newInputs.put(e.getKey(), v);
            }
        }
        int count = 0;
        for (Op op : g.ops()) {
            boolean quantize = QUANTIZABLE.contains(op.code()) && op.outputs().size() == 1
                    && op.output(0).type() == DataType.FLOAT32 && op.input(0) != null
                    && op.input(0).type() == DataType.FLOAT32;
            if (!quantize) {
                // float fallback: int8 inputs come back to float through DEQUANTIZE
                for (int i = 0; i < op.inputs().size(); i++) {
                    Value v = op.input(i);
                    if (v != null && replaced.contains(v)) {
                        op.setInput(i, dequantize(quantizedOf.get(v), v, out, floatOf));
                    }
                }
                out.add(op);
                continue;
            }
            count++;
            Value x = int8(op.input(0), out, quantizedOf);
            op.setInput(0, x);
            Value y = op.output(0);
            Value qy = new Value(y.name(), DataType.INT8, y.shape());
            qy.setQuantization(outputQuantization(op, x, y));
            switch (op.code()) {
                case CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED -> {
                    Value w = op.input(1);
                    int axis = op.code() == CONV_2D ? 0 : op.code() == DEPTHWISE_CONV_2D ? 3 : -1;
                    Value qw = DynamicRangeQuantization.quantize(w, axis);
                    op.setInput(1, qw);
                    if (op.input(2) != null) {
                        op.setInput(2, bias(op.input(2), x.quantization().scales()[0], qw.quantization().scales()));
                    }
                    op.options().put("version", op.code() == FULLY_CONNECTED ? 4 : 3);
                }
                case ADD, MUL, SUB -> {
                    op.setInput(1, op.input(1).isConstant() ? constantInt8(op.input(1))
                            : int8(op.input(1), out, quantizedOf));
                    op.options().put("version", 2);
                }
                case CONCATENATION -> {
                    // TensorFlow Lite's int8 concatenation copies bytes: every input takes the output's parameters
                    for (int i = 0; i < op.inputs().size(); i++) {
                        Value in = op.input(i);
                        Value q = in.isConstant() ? constantInt8(in, qy.quantization())
                                : requantize(int8(in, out, quantizedOf), qy.quantization(), out);
                        op.setInput(i, q);
                    }
                    op.options().put("version", 2);
                }
                case MEAN, PAD, STRIDED_SLICE, TRANSPOSE, RESHAPE, SQUEEZE, RESIZE_BILINEAR,
                        RESIZE_NEAREST_NEIGHBOR -> op.options().put("version", op.code() == RESHAPE ? 1 : 2);
                default -> op.options().put("version", 2);
            }
            op.setOutput(0, qy);
            quantizedOf.put(y, qy);
            replaced.add(y);
            out.add(op);
        }
        // graph outputs: back to float unless int8 outputs are asked for
        Map<String, Value> newOutputs = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : g.outputs().entrySet()) {
            Value v = e.getValue();
            Value q = quantizedOf.get(v);
            if (!replaced.contains(v)) {
                newOutputs.put(e.getKey(), v);
            } else if (int8Io) {
                newOutputs.put(e.getKey(), q);
            } else {
                q.rename(v.name() + "/int8");
                Value f = new Value(v.name(), DataType.FLOAT32, v.shape());
                out.add(new Op(DEQUANTIZE, List.of(q), List.of(f), Map.of("version", 2), "output"));
                newOutputs.put(e.getKey(), f);
            }
        }
        g.ops().clear();
        g.ops().addAll(out);
        g.inputs().clear();
        g.inputs().putAll(newInputs);
        g.outputs().clear();
        g.outputs().putAll(newOutputs);
        g.removeDeadOps();
        return count;
    }

    /** The int8 twin of a float activation: itself when already quantized, else through a QUANTIZE. */
    private Value int8(Value v, List<Op> out, Map<Value, Value> quantizedOf) {
        if (v.type() == DataType.INT8) {
            return v;
        }
        Value q = quantizedOf.get(v);
        if (q != null) {
            return q;
        }
        if (v.isConstant()) {
            return constantInt8(v);
        }
        q = new Value(v.name() + "/int8", DataType.INT8, v.shape());
        q.setQuantization(activation(v));
        out.add(new Op(QUANTIZE, List.of(v), List.of(q), Map.of("version", 2), "quantize"));
        quantizedOf.put(v, q);
        return q;
    }

    /** {@code q} with other parameters, through an int8 -> int8 QUANTIZE when they differ. */
    private static Value requantize(Value q, Quantization target, List<Op> out) {
        Quantization p = q.quantization();
        if (p.scales()[0] == target.scales()[0] && p.zeroPoints()[0] == target.zeroPoints()[0]) {
            return q;
        }
        Value r = new Value(q.name() + "/requantized", DataType.INT8, q.shape());
        r.setQuantization(target);
        out.add(new Op(QUANTIZE, List.of(q), List.of(r), Map.of("version", 2), "requantize"));
        return r;
    }

    private static Value dequantize(Value q, Value original, List<Op> out, Map<Value, Value> floatOf) {
        Value f = floatOf.get(q);
        if (f == null) {
            f = new Value(original.name() + "/float", DataType.FLOAT32, original.shape());
            out.add(new Op(DEQUANTIZE, List.of(q), List.of(f), Map.of("version", 2), "dequantize"));
            floatOf.put(q, f);
        }
        return f;
    }

    private Quantization outputQuantization(Op op, Value x, Value y) {
        return switch (op.code()) {
            case SOFTMAX, LOGISTIC -> Quantization.perTensor(1f / 256, -128);
            case TANH -> Quantization.perTensor(1f / 128, 0);
            default -> SAME_AS_INPUT.contains(op.code()) ? x.quantization() : activation(y);
        };
    }

    /** Asymmetric int8 parameters of a calibrated activation; its range always holds zero. */
    private Quantization activation(Value v) {
        float[] r = ranges.get(v);
        if (r == null) {
            throw new ConversionException("no calibration range for tensor '" + v.name() + "'");
        }
        return asymmetric(r[0], r[1]);
    }

    static Quantization asymmetric(float min, float max) {
        double lo = Math.min(min, 0);
        double hi = Math.max(max, 0);
        if (hi - lo < 1e-9) {
            hi = lo + 1e-9;
        }
        double scale = (hi - lo) / 255.0;
        long zp = Math.round(-128 - lo / scale);
        zp = Math.max(-128, Math.min(127, zp));
        return Quantization.perTensor((float) scale, zp);
    }

    private static Value constantInt8(Value c) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : c.constant().asFloats()) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return constantInt8(c, asymmetric(min, max));
    }

    /** A float constant quantized with given parameters. */
    private static Value constantInt8(Value c, Quantization q) {
        float[] f = c.constant().asFloats();
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) Math.max(-128, Math.min(127, Math.round(f[i] / q.scales()[0]) + q.zeroPoints()[0]));
        }
        Value v = Value.constant(c.name() + "/int8", new Constant(DataType.INT8, c.shape(), b));
        v.setQuantization(q);
        return v;
    }

    private static Value bias(Value b, float inputScale, float[] weightScales) {
        float[] f = b.constant().floats();
        int[] q = new int[f.length];
        float[] scales = new float[f.length];
        for (int c = 0; c < f.length; c++) {
            scales[c] = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
            q[c] = (int) Math.round(f[c] / (double) scales[c]);
        }
        Value v = Value.constant(b.name() + "/int32", new Constant(DataType.INT32, b.shape(), q));
        v.setQuantization(weightScales.length == 1 ? Quantization.perTensor(scales[0], 0)
                : new Quantization(scales, new long[f.length], 0));
        return v;
    }
}
