package dev.jlite.converter.quant;

import dev.jlite.Interpreter;
import dev.jlite.Tensor;
import dev.jlite.converter.emit.TfliteEmitter;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Runs graphs in jlite's interpreter on flat inputs: calibration and the report's error figures. */
public final class ErrorMeasure {
    private ErrorMeasure() {}

    /** For each example, every output of the graph as a flat float array (dequantized when quantized). */
    static List<float[][]> run(TflGraph g, List<Object[]> examples) {
        return run(ByteBuffer.wrap(TfliteEmitter.write(List.of(g), "jlite converter run"))
                .order(ByteOrder.LITTLE_ENDIAN), examples);
    }

    /** Runs a model (its primary subgraph) on each example. */
    public static List<float[][]> run(byte[] model, List<Object[]> examples) {
        return run(ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN), examples);
    }

    /** Examples for a graph whose float inputs became int8: quantized with the inputs' parameters. */
    public static List<Object[]> quantizeInputs(TflGraph g, List<Object[]> examples) {
        List<Value> inputs = new ArrayList<>(g.inputs().values());
        List<Object[]> out = new ArrayList<>();
        for (Object[] ex : examples) {
            Object[] q = ex.clone();
            for (int i = 0; i < q.length; i++) {
                Value v = inputs.get(i);
                if (v.type() == dev.jlite.DataType.INT8 && ex[i] instanceof float[] f) {
                    float scale = v.quantization().scales()[0];
                    long zp = v.quantization().zeroPoints()[0];
                    byte[] b = new byte[f.length];
                    for (int j = 0; j < f.length; j++) {
                        b[j] = (byte) Math.max(-128, Math.min(127, Math.round(f[j] / scale) + zp));
                    }
                    q[i] = b;
                }
            }
            out.add(q);
        }
        return out;
    }

    static List<float[][]> run(ByteBuffer model, List<Object[]> examples) {
        List<float[][]> results = new ArrayList<>();
        try (Interpreter it = new Interpreter(model)) {
            for (Object[] ex : examples) {
                for (int i = 0; i < ex.length; i++) {
                    it.setInput(i, buffer(ex[i]));
                }
                it.invoke();
                float[][] outs = new float[it.getOutputTensorCount()][];
                for (int o = 0; o < outs.length; o++) {
                    outs[o] = floats(it.getOutputTensor(o));
                }
                results.add(outs);
            }
        }
        return results;
    }

    /** A flat array as a buffer: the interpreter takes flat data that way, shaped arrays otherwise. */
    private static java.nio.Buffer buffer(Object flat) {
        if (flat instanceof float[] a) {
            return java.nio.FloatBuffer.wrap(a);
        }
        if (flat instanceof int[] a) {
            return java.nio.IntBuffer.wrap(a);
        }
        if (flat instanceof byte[] a) {
            return ByteBuffer.wrap(a);
        }
        throw new IllegalArgumentException("cannot feed a " + flat.getClass().getSimpleName());
    }

    static float[] floats(Tensor t) {
        int n = t.numElements();
        float[] r = new float[n];
        switch (t.dataType()) {
            case FLOAT32 -> System.arraycopy(t.floats(), t.offset(), r, 0, n);
            case INT8, UINT8 -> {
                float scale = t.quantizationParams().scales()[0];
                long zp = t.quantizationParams().zeroPoints()[0];
                boolean unsigned = t.dataType() == dev.jlite.DataType.UINT8;
                for (int i = 0; i < n; i++) {
                    int q = unsigned ? Byte.toUnsignedInt(t.bytes()[t.offset() + i]) : t.bytes()[t.offset() + i];
                    r[i] = scale * (q - zp);
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    r[i] = t.ints()[t.offset() + i];
                }
            }
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    r[i] = t.longs()[t.offset() + i];
                }
            }
            default -> throw new IllegalStateException("cannot read a " + t.dataType() + " output");
        }
        return r;
    }
}
