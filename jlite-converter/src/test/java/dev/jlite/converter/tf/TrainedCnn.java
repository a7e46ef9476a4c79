package dev.jlite.converter.tf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A small CNN really trained with TensorFlow Java on {@link OrientedBars}, exported as a SavedModel, with its
 * held-out test set: the model on which quantized conversions are judged by top-1 agreement.
 *
 * <p>Architecture: image [batch, 32, 32, 1] -> Conv2D 3x3x16 + BiasAdd + Relu -> MaxPool 2 -> Conv2D 3x3x32 +
 * BiasAdd + Relu -> MaxPool 2 -> Reshape [batch, 2048] -> MatMul 64 + BiasAdd + Relu -> MatMul 4 + BiasAdd
 * ({@code logits}) -> Softmax ({@code probabilities}). Training: softmax cross-entropy, gradients from
 * {@code Graph.addGradients}, one ApplyAdam per weight (Adam slots are variables too, so the checkpoint also
 * holds {@code training/WEIGHT_adam_m} and {@code training/WEIGHT_adam_v} entries outside the inference graph, as TF1
 * training checkpoints).
 *
 * <p>The data, the initial weights and the batch order follow the seed, but training is not bit-reproducible:
 * TensorFlow's CPU kernels (oneDNN) accumulate gradients in a varying order, even on one thread, and Adam carries
 * the differences on, so test accuracy moves by about a percent between runs (0.98 to 0.998 seen with seed 1).
 * Tests therefore compare converted models with the SavedModel trained in the same run.
 *
 * @param model the exported SavedModel
 * @param test the held-out test set (not seen in training)
 * @param calibration training examples to calibrate post-training quantization with (a representative data
 *     set, as the TFLite converter's {@code representative_dataset})
 * @param testAccuracy TensorFlow's top-1 accuracy on {@code test}, measured on the reloaded SavedModel
 * @param trainingSteps Adam steps taken
 */
public record TrainedCnn(ExportedModel model, OrientedBars test, OrientedBars calibration, double testAccuracy, int trainingSteps) {

    static final int TRAIN_EXAMPLES = 4096;
    static final int TEST_EXAMPLES = 1000;
    static final int CALIBRATION_EXAMPLES = 200;
    static final int BATCH = 64;
    static final int STEPS = 400;
    static final float LEARNING_RATE = 2e-3f;
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;

    /**
     * Builds, trains and exports the CNN, then reloads the SavedModel and measures its test accuracy.
     *
     * @param dir where the SavedModel goes
     * @param seed seeds the weights, the data and the batch order
     */
    public static TrainedCnn train(Path dir, long seed) {
        OrientedBars train = OrientedBars.generate(TRAIN_EXAMPLES, seed * 2 + 1);
        OrientedBars test = OrientedBars.generate(TEST_EXAMPLES, seed * 2 + 2);
        int size = OrientedBars.SIZE;
        ExportedModel model;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            TfLayers l = new TfLayers(tf, seed);
            Placeholder<TFloat32> image = TfModels.imagePlaceholder(tf, size, size, 1);
            Operand<TFloat32> x = l.relu(l.conv2d("conv1", image, 3, 1, 16, 1, "SAME", true));
            x = l.maxPool(x, 2, 2, "VALID");
            x = l.relu(l.conv2d("conv2", x, 3, 16, 32, 1, "SAME", true));
            x = l.maxPool(x, 2, 2, "VALID");
            int flat = (size / 4) * (size / 4) * 32;
            x = l.relu(l.dense("dense", l.reshape(x, -1, flat), flat, 64));
            Operand<TFloat32> logits = l.dense("logits", x, 64, OrientedBars.CLASSES);
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            List<Variable<TFloat32>> weights = l.variables();

            // Training part of the graph: it stays in the SavedModel but outside the signature's subgraph.
            Ops t = tf.withSubScope("training");
            Placeholder<TFloat32> labels = t.withName("labels").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, OrientedBars.CLASSES)));
            Placeholder<TFloat32> beta1Power = t.withName("beta1_power").placeholder(TFloat32.class);
            Placeholder<TFloat32> beta2Power = t.withName("beta2_power").placeholder(TFloat32.class);
            Operand<TFloat32> loss = t.math.mean(t.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(),
                    t.constant(0));
            Output<?>[] weightOutputs = weights.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
            Output<?>[] gradients = g.addGradients(loss.asOutput(), weightOutputs);
            List<Op> updates = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                Variable<TFloat32> w = weights.get(i);
                String name = w.op().name();
                Shape shape = w.shape();
                String slot = name.replace('/', '_');
                Variable<TFloat32> m = l.zeros(t, slot + "_adam_m", shape);
                Variable<TFloat32> v = l.zeros(t, slot + "_adam_v", shape);
                @SuppressWarnings("unchecked")
                Operand<TFloat32> gradient = (Operand<TFloat32>) gradients[i];
                updates.add(t.train.applyAdam(w, m, v, beta1Power, beta2Power, t.constant(LEARNING_RATE),
                        t.constant(BETA1), t.constant(BETA2), t.constant(1e-7f), gradient));
            }
            Op step = t.withName("train_step").withControlDependencies(updates).noOp();

            try (Session session = new Session(g)) {
                session.initialize();
                java.util.SplittableRandom order = new java.util.SplittableRandom(seed);
                int[] indices = java.util.stream.IntStream.range(0, TRAIN_EXAMPLES).toArray();
                int position = indices.length;
                for (int s = 1; s <= STEPS; s++) {
                    if (position + BATCH > indices.length) {
                        shuffle(indices, order);
                        position = 0;
                    }
                    float[] batchImages = new float[BATCH * size * size];
                    float[] batchLabels = new float[BATCH * OrientedBars.CLASSES];
                    for (int b = 0; b < BATCH; b++) {
                        int e = indices[position++];
                        System.arraycopy(train.images(), e * size * size, batchImages, b * size * size, size * size);
                        batchLabels[b * OrientedBars.CLASSES + train.labels()[e]] = 1;
                    }
                    try (TFloat32 xs = TFloat32.tensorOf(Shape.of(BATCH, size, size, 1), DataBuffers.of(batchImages));
                            TFloat32 ys = TFloat32.tensorOf(Shape.of(BATCH, OrientedBars.CLASSES),
                                    DataBuffers.of(batchLabels));
                            TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA1, s));
                            TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA2, s))) {
                        session.runner().feed(image, xs).feed(labels, ys).feed(beta1Power, b1).feed(beta2Power, b2)
                                .addTarget(step).run().close();
                    }
                }
                model = TfModels.export("trained_cnn", dir, session, image, List.of(new ExportedModel.Input("image",
                        new long[] {1, size, size, 1}, 0)), "logits", logits, "probabilities", probabilities);
            }
        }
        double accuracy;
        try (TfRunner runner = new TfRunner(model.dir())) {
            float[] probabilities = runner.run(Map.of("image", new TfRunner.Feed(test.images(), TEST_EXAMPLES,
                    size, size, 1))).get("probabilities").data();
            accuracy = accuracy(probabilities, test.labels());
        }
        return new TrainedCnn(model, test, train.slice(0, CALIBRATION_EXAMPLES), accuracy, STEPS);
    }

    /** Fraction of rows of {@code scores} ([n, classes] flat) whose arg max is the label. */
    public static double accuracy(float[] scores, int[] labels) {
        int classes = scores.length / labels.length;
        int hits = 0;
        for (int n = 0; n < labels.length; n++) {
            hits += argMax(scores, n * classes, classes) == labels[n] ? 1 : 0;
        }
        return (double) hits / labels.length;
    }

    /** Index of the largest of {@code count} scores starting at {@code from} (the first on ties). */
    public static int argMax(float[] scores, int from, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            if (scores[from + c] > scores[from + best]) {
                best = c;
            }
        }
        return best;
    }

    private static void shuffle(int[] a, java.util.SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
