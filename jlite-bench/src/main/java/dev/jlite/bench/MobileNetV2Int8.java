package dev.jlite.bench;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.ModelBuilder;
import dev.jlite.writer.Padding;
import dev.jlite.writer.SubgraphBuilder;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A MobileNetV2-shaped, fully int8 model (alpha 1.0, 224x224x3 input, 1000 classes) written with jlite-writer's
 * {@link ModelBuilder}: the 3x3 stride-2 stem, the 17 inverted residual blocks (1x1 expand with RELU6, 3x3
 * depthwise with RELU6, linear 1x1 projection, residual ADD where shapes allow), the 1x1 convolution to 1280
 * channels, a 7x7 AVERAGE_POOL_2D and a FULLY_CONNECTED to 1000 int8 logits, optionally followed by SOFTMAX. Weights are seeded
 * random int8, symmetric and quantized per output channel as TensorFlow Lite's converter writes them; scales follow
 * the activations' expected spread layer by layer (RELU6 outputs use scale 6/255 and zero point -128, linear
 * outputs about four standard deviations over the int8 range), so activations neither saturate nor collapse to the
 * zero point and every layer's arithmetic is exercised. Not a trained network: its logits mean nothing, its cost
 * and its arithmetic are MobileNetV2's.
 */
public final class MobileNetV2Int8 {
    /** The input's shape, {@code [1, 224, 224, 3]}. */
    public static final int[] INPUT_SHAPE = {1, 224, 224, 3};
    /** The number of logits. */
    public static final int CLASSES = 1000;

    /** Expansion t, output channels c, repeats n, first stride s: MobileNetV2's bottleneck table. */
    private static final int[][] BLOCKS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };
    /** Standard deviation the pre-activation values of every layer are scaled to. */
    private static final double TARGET_STD = 2.0;
    private static final float RELU6_SCALE = 6f / 255f;
    private static final int RELU6_ZERO_POINT = -128;
    /** Root mean square of a RELU6 output whose input has {@link #TARGET_STD}. */
    private static final double RELU6_RMS = 1.4;
    /** Root mean square of uniform int8 weights in [-127, 127]. */
    private static final double WEIGHT_RMS = 73.3;

    private final SplittableRandom random;
    private final SubgraphBuilder graph;
    private int names;

    /** An activation tensor: its index, shape (NHWC, batch 1), quantization and expected root mean square. */
    private record Act(int tensor, int h, int w, int c, float scale, int zeroPoint, double rms) {}

    private MobileNetV2Int8(long seed, SubgraphBuilder graph) {
        this.random = new SplittableRandom(seed);
        this.graph = graph;
    }

    /** Writes the model with weights drawn from {@code seed}, ending in the int8 logits. */
    public static ByteBuffer build(long seed) {
        return build(seed, false);
    }

    /**
     * Writes the model with weights drawn from {@code seed}; with {@code softmax}, an int8 SOFTMAX (scale 1/256,
     * zero point -128, as TensorFlow Lite requires) follows the logits.
     */
    public static ByteBuffer build(long seed, boolean softmax) {
        ModelBuilder model = new ModelBuilder().description("MobileNetV2-shaped int8 model, random weights, seed "
                + seed);
        SubgraphBuilder graph = model.subgraph("main");
        new MobileNetV2Int8(seed, graph).write(softmax);
        return model.buildBuffer();
    }

    /** A random int8 input image for this model (values over the whole int8 range). */
    public static byte[] randomInput(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] image = new byte[224 * 224 * 3];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (r.nextInt(256) - 128);
        }
        return image;
    }

    private void write(boolean softmax) {
        int in = graph.input("image", DataType.INT8, INPUT_SHAPE);
        graph.quantize(in, 1f / 128, 0);
        Act x = new Act(in, 224, 224, 3, 1f / 128, 0, 0.577);
        x = conv(x, 32, 3, 2, true);
        for (int[] b : BLOCKS) {
            for (int i = 0; i < b[2]; i++) {
                x = invertedResidual(x, b[0], b[1], i == 0 ? b[3] : 1);
            }
        }
        x = conv(x, 1280, 1, 1, true);
        int pooled = tensor("pool", new int[] {1, 1, 1, 1280}, x.scale(), x.zeroPoint());
        graph.operator(BuiltinOperator.AVERAGE_POOL_2D, new int[] {x.tensor()}, new int[] {pooled},
                BuiltinOptions.pool2d(Padding.VALID, 1, 1, x.w(), x.h(), FusedActivation.NONE));
        Act p = new Act(pooled, 1, 1, 1280, x.scale(), x.zeroPoint(), 1.0);
        int logits = fullyConnected(p, CLASSES);
        if (softmax) {
            int probabilities = tensor("probabilities", new int[] {1, CLASSES}, 1f / 256, -128);
            graph.operator(BuiltinOperator.SOFTMAX, new int[] {logits}, new int[] {probabilities},
                    BuiltinOptions.softmax(1f));
            graph.output(probabilities);
        } else {
            graph.output(logits);
        }
    }

    private Act invertedResidual(Act x, int expansion, int outC, int stride) {
        Act h = expansion == 1 ? x : conv(x, x.c() * expansion, 1, 1, true);
        h = depthwise(h, stride);
        h = conv(h, outC, 1, 1, false);
        return stride == 1 && x.c() == outC ? add(x, h) : h;
    }

    /** CONV_2D with SAME padding, per-channel int8 weights and an int32 bias, RELU6 or linear. */
    private Act conv(Act x, int outC, int k, int stride, boolean relu6) {
        int depth = k * k * x.c();
        float[] fScales = filterScales(outC, x.rms(), depth);
        int filter = graph.constant(name("conv_w"), DataType.INT8, new int[] {outC, k, k, x.c()},
                weights(outC * depth));
        graph.quantize(filter, fScales, new long[outC], 0);
        int bias = bias(x.scale(), fScales);
        int oh = (x.h() + stride - 1) / stride;
        int ow = (x.w() + stride - 1) / stride;
        Act y = output(oh, ow, outC, relu6);
        graph.operator(BuiltinOperator.CONV_2D, new int[] {x.tensor(), filter, bias}, new int[] {y.tensor()},
                BuiltinOptions.conv2d(Padding.SAME, stride, stride,
                        relu6 ? FusedActivation.RELU6 : FusedActivation.NONE));
        return y;
    }

    /** 3x3 DEPTHWISE_CONV_2D, multiplier 1, SAME padding, RELU6. */
    private Act depthwise(Act x, int stride) {
        int c = x.c();
        float[] fScales = filterScales(c, x.rms(), 9);
        int filter = graph.constant(name("dw_w"), DataType.INT8, new int[] {1, 3, 3, c}, weights(9 * c));
        graph.quantize(filter, fScales, new long[c], 3);
        int bias = bias(x.scale(), fScales);
        Act y = output((x.h() + stride - 1) / stride, (x.w() + stride - 1) / stride, c, true);
        graph.operator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x.tensor(), filter, bias},
                new int[] {y.tensor()},
                BuiltinOptions.depthwiseConv2d(Padding.SAME, stride, stride, 1, FusedActivation.RELU6));
        return y;
    }

    private Act add(Act a, Act b) {
        double rms = Math.sqrt(a.rms() * a.rms() + b.rms() * b.rms());
        float scale = (float) (4 * rms / 128);
        int zp = random.nextInt(-8, 9);
        int t = tensor("add", new int[] {1, a.h(), a.w(), a.c()}, scale, zp);
        graph.operator(BuiltinOperator.ADD, new int[] {a.tensor(), b.tensor()}, new int[] {t},
                BuiltinOptions.add(FusedActivation.NONE));
        return new Act(t, a.h(), a.w(), a.c(), scale, zp, rms);
    }

    /** FULLY_CONNECTED to {@code units} int8 logits, per-tensor weights as TensorFlow Lite 2.6 requires. */
    private int fullyConnected(Act x, int units) {
        int depth = x.c();
        float fScale = (float) (TARGET_STD / (x.rms() * WEIGHT_RMS * Math.sqrt(depth)));
        int filter = graph.constant(name("fc_w"), DataType.INT8, new int[] {units, depth}, weights(units * depth));
        graph.quantize(filter, fScale, 0);
        int[] b = new int[units];
        float biasScale = x.scale() * fScale;
        for (int u = 0; u < units; u++) {
            b[u] = (int) Math.round(random.nextGaussian() * 0.5 / biasScale);
        }
        int bias = graph.constant(name("fc_b"), DataType.INT32, new int[] {units}, b);
        graph.quantize(bias, biasScale, 0);
        int logits = tensor("logits", new int[] {1, units}, (float) (4 * TARGET_STD / 128), 0);
        graph.operator(BuiltinOperator.FULLY_CONNECTED, new int[] {x.tensor(), filter, bias}, new int[] {logits},
                BuiltinOptions.fullyConnected(FusedActivation.NONE, false));
        return logits;
    }

    /** Per-channel scales that give pre-activations about {@link #TARGET_STD}, varied over 4x between channels. */
    private float[] filterScales(int channels, double inputRms, int depth) {
        double base = TARGET_STD / (inputRms * WEIGHT_RMS * Math.sqrt(depth));
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = (float) (base * Math.pow(2, random.nextDouble(-1, 1)));
        }
        return s;
    }

    /** An int32 bias of real standard deviation 0.5, quantized per channel with {@code inputScale * fScale[c]}. */
    private int bias(float inputScale, float[] fScales) {
        int n = fScales.length;
        int[] b = new int[n];
        float[] scales = new float[n];
        for (int c = 0; c < n; c++) {
            scales[c] = inputScale * fScales[c];
            b[c] = (int) Math.round(random.nextGaussian() * 0.5 / scales[c]);
        }
        int t = graph.constant(name("bias"), DataType.INT32, new int[] {n}, b);
        graph.quantize(t, scales, new long[n], 0);
        return t;
    }

    private Act output(int h, int w, int c, boolean relu6) {
        float scale = relu6 ? RELU6_SCALE : (float) (4 * TARGET_STD / 128);
        int zp = relu6 ? RELU6_ZERO_POINT : random.nextInt(-8, 9);
        int t = tensor(relu6 ? "relu6" : "linear", new int[] {1, h, w, c}, scale, zp);
        return new Act(t, h, w, c, scale, zp, relu6 ? RELU6_RMS : TARGET_STD);
    }

    private int tensor(String prefix, int[] shape, float scale, int zeroPoint) {
        int t = graph.tensor(name(prefix), DataType.INT8, shape);
        graph.quantize(t, scale, zeroPoint);
        return t;
    }

    private byte[] weights(int n) {
        byte[] w = new byte[n];
        for (int i = 0; i < n; i++) {
            w[i] = (byte) (random.nextInt(255) - 127);
        }
        return w;
    }

    private String name(String prefix) {
        return prefix + "_" + names++;
    }
}
