package dev.jlite.converter.tf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The oracle models: each builder lays out a well-known architecture with TensorFlow Java, gives it seeded
 * weights and writes it as a SavedModel (tag {@code serve}, signature {@code serving_default}) to a directory.
 * The batch dimension of every input is -1, as in SavedModels exported by Keras.
 */
public final class TfModels {

    /** Classes of the ImageNet-shaped heads. */
    public static final int IMAGENET_CLASSES = 1000;

    private TfModels() {
    }

    /** Writes one oracle model with seeded weights. */
    @FunctionalInterface
    public interface Builder {
        /** Writes the SavedModel to {@code dir} with weights drawn from {@code seed}. */
        ExportedModel build(Path dir, long seed);
    }

    /** Every seeded (untrained) oracle model by name, smallest first. */
    public static Map<String, Builder> catalog() {
        Map<String, Builder> models = new LinkedHashMap<>();
        models.put("mlp", TfModels::mlp);
        models.put("text_classifier", TfModels::textClassifier);
        models.put("resnet_small", TfModels::residualNet);
        models.put("mobilenet_v1_0.25", (dir, seed) -> mobileNetV1(dir, 0.25f, seed));
        models.put("mobilenet_v2_1.0", TfModels::mobileNetV2);
        models.put("mobilenet_v1_1.0", (dir, seed) -> mobileNetV1(dir, 1.0f, seed));
        return models;
    }

    /**
     * MobileNetV1 (Howard et al. 2017) on 224x224x3, laid out as Keras' {@code MobileNet}: stride-2 layers are
     * Pad + VALID convolutions, every convolution is followed by FusedBatchNorm and Relu6; the head is TF-Slim's
     * AvgPool 7x7 + 1x1 Conv2D with bias + Reshape + Softmax.
     *
     * @param width the width multiplier alpha (0.25 and 1.0 are the usual ones)
     * @return signature input {@code image}, outputs {@code logits} and {@code probabilities}
     */
    public static ExportedModel mobileNetV1(Path dir, float width, long seed) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            TfLayers l = new TfLayers(tf, seed);
            Placeholder<TFloat32> image = imagePlaceholder(tf, 224, 224, 3);
            int channels = scaled(32, width);
            Operand<TFloat32> x = l.pad(image, 0, 1, 0, 1);
            x = l.relu6(l.batchNorm("conv1_bn", l.conv2d("conv1", x, 3, 3, channels, 2, "VALID", false), channels));
            int[] filters = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
            int[] strides = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
            for (int i = 0; i < filters.length; i++) {
                String block = "block" + (i + 1);
                if (strides[i] == 2) {
                    x = l.depthwise(block + "_dw", l.pad(x, 0, 1, 0, 1), 3, channels, 2, "VALID");
                } else {
                    x = l.depthwise(block + "_dw", x, 3, channels, 1, "SAME");
                }
                x = l.relu6(l.batchNorm(block + "_dw_bn", x, channels));
                int out = scaled(filters[i], width);
                x = l.conv2d(block + "_pw", x, 1, channels, out, 1, "SAME", false);
                x = l.relu6(l.batchNorm(block + "_pw_bn", x, out));
                channels = out;
            }
            x = tf.nn.avgPool(x, List.of(1L, 7L, 7L, 1L), List.of(1L, 1L, 1L, 1L), "VALID");
            x = l.conv2d("logits_conv", x, 1, channels, IMAGENET_CLASSES, 1, "SAME", true);
            Operand<TFloat32> logits = tf.withName("logits").reshape(x, tf.constant(new int[] {-1, IMAGENET_CLASSES}));
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            return export("mobilenet_v1_" + width, dir, g, image, List.of(new ExportedModel.Input("image",
                    new long[] {1, 224, 224, 3}, 0)), "logits", logits, "probabilities", probabilities);
        }
    }

    /**
     * MobileNetV2 (Sandler et al. 2018), width 1.0, on 224x224x3: inverted residual blocks (1x1 expansion,
     * 3x3 depthwise, linear 1x1 projection, each with FusedBatchNorm; Add where stride is 1 and the channels
     * match), a 1x1 convolution to 1280, global Mean pooling and a dense Softmax head, as Keras'
     * {@code MobileNetV2}. Convolutions use SAME padding.
     *
     * @return signature input {@code image}, outputs {@code logits} and {@code probabilities}
     */
    public static ExportedModel mobileNetV2(Path dir, long seed) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            TfLayers l = new TfLayers(tf, seed);
            Placeholder<TFloat32> image = imagePlaceholder(tf, 224, 224, 3);
            Operand<TFloat32> x = l.relu6(l.batchNorm("Conv1_bn", l.conv2d("Conv1", image, 3, 3, 32, 2, "SAME",
                    false), 32));
            int in = 32;
            // Residual additions are AddV2, as in graphs that TF 2 writes.
            int[][] stages = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1},
                {6, 160, 3, 2}, {6, 320, 1, 1}};
            int block = 0;
            for (int[] stage : stages) {
                for (int repeat = 0; repeat < stage[2]; repeat++) {
                    int stride = repeat == 0 ? stage[3] : 1;
                    String name = "block_" + block++;
                    x = invertedResidual(l, name, x, in, stage[0], stage[1], stride);
                    in = stage[1];
                }
            }
            x = l.relu6(l.batchNorm("Conv_1_bn", l.conv2d("Conv_1", x, 1, in, 1280, 1, "SAME", false), 1280));
            Operand<TFloat32> pooled = l.mean(x, 1, 2);
            Operand<TFloat32> logits = l.dense("predictions", pooled, 1280, IMAGENET_CLASSES);
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            return export("mobilenet_v2_1.0", dir, g, image, List.of(new ExportedModel.Input("image",
                    new long[] {1, 224, 224, 3}, 0)), "logits", logits, "probabilities", probabilities);
        }
    }

    private static Operand<TFloat32> invertedResidual(TfLayers l, String name, Operand<TFloat32> input, int in,
            int expansion, int out, int stride) {
        Operand<TFloat32> x = input;
        int hidden = in * expansion;
        if (expansion != 1) {
            x = l.relu6(l.batchNorm(name + "_expand_bn", l.conv2d(name + "_expand", x, 1, in, hidden, 1, "SAME",
                    false), hidden));
        }
        x = l.relu6(l.batchNorm(name + "_dw_bn", l.depthwise(name + "_dw", x, 3, hidden, stride, "SAME"), hidden));
        x = l.batchNorm(name + "_project_bn", l.conv2d(name + "_project", x, 1, hidden, out, 1, "SAME", false), out);
        return stride == 1 && in == out ? l.addV2(name + "_add", input, x) : x;
    }

    /**
     * A small ResNet (He et al. 2016) on 32x32x3: a 3x3 stem, an identity residual block, a downsampling block
     * whose shortcut is a strided 1x1 convolution, another identity block (Conv2D + FusedBatchNorm + Relu, Add),
     * then global Mean pooling and a dense Softmax head over 10 classes.
     *
     * @return signature input {@code image}, output {@code probabilities}
     */
    public static ExportedModel residualNet(Path dir, long seed) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            TfLayers l = new TfLayers(tf, seed);
            Placeholder<TFloat32> image = imagePlaceholder(tf, 32, 32, 3);
            Operand<TFloat32> x = l.relu(l.batchNorm("stem_bn", l.conv2d("stem", image, 3, 3, 16, 1, "SAME", false),
                    16));
            x = residualBlock(l, "res1", x, 16, 16, 1);
            x = residualBlock(l, "res2", x, 16, 32, 2);
            x = residualBlock(l, "res3", x, 32, 32, 1);
            Operand<TFloat32> logits = l.dense("head", l.mean(x, 1, 2), 32, 10);
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            return export("resnet_small", dir, g, image, List.of(new ExportedModel.Input("image", new long[] {1, 32, 32, 3},
                    0)), "probabilities", probabilities);
        }
    }

    private static Operand<TFloat32> residualBlock(TfLayers l, String name, Operand<TFloat32> input, int in,
            int out, int stride) {
        Operand<TFloat32> x = l.relu(l.batchNorm(name + "_bn1", l.conv2d(name + "_conv1", input, 3, in, out, stride,
                "SAME", false), out));
        x = l.batchNorm(name + "_bn2", l.conv2d(name + "_conv2", x, 3, out, out, 1, "SAME", false), out);
        Operand<TFloat32> shortcut = input;
        if (stride != 1 || in != out) {
            shortcut = l.batchNorm(name + "_shortcut_bn", l.conv2d(name + "_shortcut", input, 1, in, out, stride,
                    "SAME", false), out);
        }
        // Add (not AddV2), as in graphs that TF 1 wrote.
        return l.relu(l.tf().withName(name + "_add").math.add(x, shortcut));
    }

    /**
     * A small MLP: 64 features, two hidden MatMul + BiasAdd + Relu layers (128, 64) and a 10-class Softmax head.
     *
     * @return signature input {@code features}, outputs {@code logits} and {@code probabilities}
     */
    public static ExportedModel mlp(Path dir, long seed) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            TfLayers l = new TfLayers(tf, seed);
            Placeholder<TFloat32> features = tf.withName("features").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 64)));
            Operand<TFloat32> x = l.relu(l.dense("dense_1", features, 64, 128));
            x = l.relu(l.dense("dense_2", x, 128, 64));
            Operand<TFloat32> logits = l.dense("dense_3", x, 64, 10);
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            return export("mlp", dir, g, features, List.of(new ExportedModel.Input("features", new long[] {1, 64}, 0)),
                    "logits", logits, "probabilities", probabilities);
        }
    }

    /** Vocabulary of {@link #textClassifier}. */
    public static final int TEXT_VOCABULARY = 1000;
    /** Token ids per example of {@link #textClassifier}. */
    public static final int TEXT_LENGTH = 16;

    /**
     * An LSTM-free text classifier: int32 token ids [batch, 16] looked up in a 1000x32 embedding (GatherV2 on
     * the embedding variable), averaged over the sequence (Mean), then Dense 32->16 Relu and a 4-class Softmax.
     *
     * @return signature input {@code tokens} (int32), output {@code probabilities}
     */
    public static ExportedModel textClassifier(Path dir, long seed) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            TfLayers l = new TfLayers(tf, seed);
            Placeholder<TInt32> tokens = tf.withName("tokens").placeholder(TInt32.class,
                    Placeholder.shape(Shape.of(-1, TEXT_LENGTH)));
            Operand<TFloat32> embedded = l.embedding("embedding", tokens, TEXT_VOCABULARY, 32);
            Operand<TFloat32> x = l.relu(l.dense("dense", l.mean(embedded, 1), 32, 16));
            Operand<TFloat32> logits = l.dense("classifier", x, 16, 4);
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            return export("text_classifier", dir, g, tokens, List.of(new ExportedModel.Input("tokens",
                    new long[] {1, TEXT_LENGTH}, TEXT_VOCABULARY)), "probabilities", probabilities);
        }
    }

    /**
     * Trains a small CNN on a generated oriented-bars task and exports it; see {@link TrainedCnn#train}.
     */
    public static TrainedCnn trainedCnn(Path dir, long seed) {
        return TrainedCnn.train(dir, seed);
    }

    /** Keras' channel count for a width multiplier. */
    static int scaled(int channels, float width) {
        return Math.max(8, (int) (channels * width));
    }

    static Placeholder<TFloat32> imagePlaceholder(Ops tf, int height, int width, int channels) {
        return tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width,
                channels)));
    }

    /**
     * Initializes the graph's variables in a fresh session and writes the SavedModel with one signature input and
     * the given named outputs.
     */
    static ExportedModel export(String name, Path dir, Graph g, Operand<?> input, List<ExportedModel.Input> inputs,
            Object... namedOutputs) {
        try (Session session = new Session(g)) {
            session.initialize();
            return export(name, dir, session, input, inputs, namedOutputs);
        }
    }

    /** Writes the session's graph and variables as a SavedModel. */
    static ExportedModel export(String name, Path dir, Session session, Operand<?> input, List<ExportedModel.Input> inputs,
            Object... namedOutputs) {
        Signature.Builder signature = Signature.builder().key(Signature.DEFAULT_KEY).input(inputs.get(0).name(),
                input);
        String[] outputs = new String[namedOutputs.length / 2];
        for (int i = 0; i < namedOutputs.length; i += 2) {
            outputs[i / 2] = (String) namedOutputs[i];
            signature.output(outputs[i / 2], (Operand<?>) namedOutputs[i + 1]);
        }
        try {
            SavedModelBundle.exporter(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG).withSession(session)
                    .withSignature(signature.build()).export();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExportedModel(name, dir, inputs, List.of(outputs));
    }
}
