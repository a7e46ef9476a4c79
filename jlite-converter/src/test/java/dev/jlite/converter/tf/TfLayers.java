package dev.jlite.converter.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the layers of the oracle models on a TensorFlow Java graph, the way Keras or TF-Slim lay them out.
 *
 * <p>Every weight is a {@code VariableV2} whose initializer is a stateless random op seeded from the model seed
 * and the weight's index, so that the values live only in the SavedModel's variables checkpoint (the graph holds
 * the initializer, not the numbers) and the same seed always gives the same model.
 */
final class TfLayers {

    /** Keras' BatchNormalization default. */
    static final float BATCH_NORM_EPSILON = 1e-3f;

    private final Ops tf;
    private final long seed;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();

    TfLayers(Ops tf, long seed) {
        this.tf = tf;
        this.seed = seed;
    }

    Ops tf() {
        return tf;
    }

    /** The weights made so far, in creation order (the trainable parameters of the model). */
    List<Variable<TFloat32>> variables() {
        return List.copyOf(variables);
    }

    /** A weight drawn from N(0, stddev²), named {@code scope/name}. */
    Variable<TFloat32> normal(Ops scope, String name, float stddev, long... shape) {
        Operand<TFloat32> draw = scope.random.statelessRandomNormal(scope.constant(shape), nextSeed(scope));
        return variable(scope, name, scope.math.mul(draw, scope.constant(stddev)));
    }

    /** A weight drawn from U(low, high), named {@code scope/name}. */
    Variable<TFloat32> uniform(Ops scope, String name, float low, float high, long... shape) {
        Operand<TFloat32> draw = scope.random.statelessRandomUniform(scope.constant(shape), nextSeed(scope));
        return variable(scope, name, scope.math.add(scope.math.mul(draw, scope.constant(high - low)),
                scope.constant(low)));
    }

    /** A weight that starts at zero (optimizer slots), named {@code scope/name}. */
    Variable<TFloat32> zeros(Ops scope, String name, Shape shape) {
        return variable(scope, name, scope.zeros(scope.constant(shape), TFloat32.class));
    }

    // TF Java op names may not contain '/', and every withSubScope call makes a new unique scope: a layer opens
    // its scope once and makes all its weights and ops in it, so they share one name prefix as in Keras graphs.
    private Variable<TFloat32> variable(Ops scope, String name, Operand<TFloat32> init) {
        Variable<TFloat32> v = scope.withName(name).variable(init);
        variables.add(v);
        return v;
    }

    private Operand<TInt64> nextSeed(Ops scope) {
        return scope.constant(new long[] {seed, variables.size()});
    }

    /** Conv2D (He-normal kernel, HWIO) with an optional BiasAdd. */
    Operand<TFloat32> conv2d(String name, Operand<TFloat32> x, int kernel, int in, int out, int stride,
            String padding, boolean bias) {
        Ops s = tf.withSubScope(name);
        Variable<TFloat32> w = normal(s, "kernel", (float) Math.sqrt(2.0 / (kernel * kernel * in)),
                kernel, kernel, in, out);
        Operand<TFloat32> y = s.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), padding);
        return bias ? biasAdd(s, y, out) : y;
    }

    /** DepthwiseConv2dNative with depth multiplier 1 (kernel [k, k, channels, 1]). */
    Operand<TFloat32> depthwise(String name, Operand<TFloat32> x, int kernel, int channels, int stride,
            String padding) {
        Ops s = tf.withSubScope(name);
        Variable<TFloat32> w = normal(s, "depthwise_kernel", (float) Math.sqrt(2.0 / (kernel * kernel)),
                kernel, kernel, channels, 1);
        return s.nn.depthwiseConv2dNative(x, w, List.of(1L, (long) stride, (long) stride, 1L), padding);
    }

    /**
     * FusedBatchNormV3 in inference mode, with moving statistics and affine parameters far enough from the
     * identity that a converter which drops or misfolds any of them is caught.
     */
    Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
        Ops s = tf.withSubScope(name);
        Variable<TFloat32> gamma = uniform(s, "gamma", 0.7f, 1.3f, channels);
        Variable<TFloat32> beta = normal(s, "beta", 0.1f, channels);
        Variable<TFloat32> mean = normal(s, "moving_mean", 0.2f, channels);
        Variable<TFloat32> variance = uniform(s, "moving_variance", 0.5f, 2.0f, channels);
        FusedBatchNorm<TFloat32, TFloat32> bn = s.nn.fusedBatchNorm(x, gamma, beta, mean, variance,
                FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(BATCH_NORM_EPSILON));
        return bn.y();
    }

    private Operand<TFloat32> biasAdd(Ops scope, Operand<TFloat32> x, int channels) {
        return scope.nn.biasAdd(x, normal(scope, "bias", 0.1f, channels));
    }

    /** MatMul (Glorot-normal kernel [in, out]) followed by BiasAdd, like a Keras Dense layer. */
    Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out) {
        Ops s = tf.withSubScope(name);
        Variable<TFloat32> w = normal(s, "kernel", (float) Math.sqrt(2.0 / (in + out)), in, out);
        return biasAdd(s, s.linalg.matMul(x, w), out);
    }

    /** An embedding lookup: GatherV2 of rows of an N(0, 1) table [vocabulary, dim] on axis 0. */
    Operand<TFloat32> embedding(String name, Operand<TInt32> ids, int vocabulary, int dim) {
        Ops s = tf.withSubScope(name);
        Variable<TFloat32> table = normal(s, "embeddings", 1f, vocabulary, dim);
        return s.gather(table, ids, s.constant(0));
    }

    Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }

    Operand<TFloat32> relu6(Operand<TFloat32> x) {
        return tf.nn.relu6(x);
    }

    /**
     * A square MaxPool (attribute form, the op Keras and TF-Slim write; TF Java's {@code nn.maxPool} would write
     * MaxPoolV2 with the window as tensors).
     */
    Operand<TFloat32> maxPool(Operand<TFloat32> x, int size, int stride, String padding) {
        return tf.scope().opBuilder("MaxPool", "MaxPool").addInput(x.asOutput())
                .setAttr("ksize", new long[] {1, size, size, 1}).setAttr("strides", new long[] {1, stride, stride, 1})
                .setAttr("padding", padding).build().<TFloat32>output(0);
    }

    /**
     * Zero padding of the spatial dimensions of an NHWC tensor, as Keras' ZeroPadding2D: a {@code Pad} op (TF
     * Java's {@code tf.pad} would write PadV2 with an explicit pad value).
     */
    Operand<TFloat32> pad(Operand<TFloat32> x, int top, int bottom, int left, int right) {
        return rawOp("Pad", x, tf.constant(new int[][] {{0, 0}, {top, bottom}, {left, right}, {0, 0}}));
    }

    /** {@code AddV2}, the addition TF 2 graphs hold (TF Java's {@code tf.math.add} writes the older {@code Add}). */
    Operand<TFloat32> addV2(String name, Operand<TFloat32> a, Operand<TFloat32> b) {
        return rawOp("AddV2", name, a, b);
    }

    private Operand<TFloat32> rawOp(String type, Operand<?>... inputs) {
        return rawOp(type, type, inputs);
    }

    private Operand<TFloat32> rawOp(String type, String name, Operand<?>... inputs) {
        OperationBuilder b = tf.scope().opBuilder(type, name);
        for (Operand<?> input : inputs) {
            b.addInput(input.asOutput());
        }
        return b.build().<TFloat32>output(0);
    }

    /** Mean over the given axes, without keeping them (global average pooling when the axes are H and W). */
    Operand<TFloat32> mean(Operand<TFloat32> x, int... axes) {
        return tf.math.mean(x, tf.constant(axes));
    }

    Operand<TFloat32> reshape(Operand<TFloat32> x, int... shape) {
        Operand<TInt32> s = tf.constant(shape);
        return tf.reshape(x, s);
    }
}
