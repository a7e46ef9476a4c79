package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MediaPipe's custom op {@code Convolution2DTransposeBias} (mediapipe/util/tflite/operations/transpose_conv_bias.cc)
 * on FLOAT32: inputs {@code [N,H,W,I]}, weights {@code [O,KH,KW,I]}, bias {@code [O]} (all three required). Its
 * custom options are the raw bytes of a C {@code TfLiteTransposeConvParams}: three little-endian int32s,
 * {@code padding} ({@code TfLitePadding}: 0 unknown, 1 SAME, 2 VALID; anything but SAME pads nothing),
 * {@code stride_width}, {@code stride_height}. The output size follows from the input: with SAME the total padding
 * is {@code max(0, K - (in-1) % stride - 1)}, the output {@code stride*(in-1) + K - total}, and the leading padding
 * half the total (rounded down).
 */
final class TransposeConvBiasKernel implements Kernel {
    /** The custom op's name in models. */
    static final String NAME = "Convolution2DTransposeBias";

    private static final int PADDING_SAME = 1;
    private static final int PADDING_VALID = 2;

    private TransposedConvolution conv;
    private PackedFilter filter;
    private boolean weightsConstant;
    private boolean biasConstant;

    @Override
    public void prepare(Node node) {
        node.checkArity(3, 3, 1);
        Tensor input = node.requireInput(0);
        Tensor weights = node.requireInput(1);
        Tensor bias = node.requireInput(2);
        Tensor output = node.output(0);
        Checks.float32(node, input, "input");
        Checks.float32(node, weights, "filter");
        Checks.float32(node, output, "output");
        Checks.dense(node, weights, "filter");
        Checks.rank(node, input, "input", 4);
        Checks.rank(node, weights, "filter", 4);
        Checks.rank(node, bias, "bias", 1);
        int inC = input.dim(3);
        if (weights.dim(3) != inC) {
            throw node.error("filter has " + weights.dim(3) + " input channels, input has " + inC);
        }
        int outC = weights.dim(0);
        Checks.positive(node, "input channels", inC);
        Checks.positive(node, "output channels", outC);
        Checks.bias(node, bias, outC);

        ByteBuffer options = node.customOptions();
        if (options == null || options.remaining() < 12) {
            throw node.error("custom options must hold padding, stride_width and stride_height (12 bytes), has "
                    + (options == null ? 0 : options.remaining()));
        }
        ByteBuffer le = options.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = le.position();
        int padding = le.getInt(at);
        int strideW = le.getInt(at + 4);
        int strideH = le.getInt(at + 8);
        if (padding < 0 || padding > PADDING_VALID) {
            throw node.error("unknown padding " + padding + " in custom options");
        }
        Checks.positive(node, "stride_width", strideW);
        Checks.positive(node, "stride_height", strideH);
        int kh = weights.dim(1);
        int kw = weights.dim(2);
        int inH = input.dim(1);
        int inW = input.dim(2);
        Checks.positive(node, "filter height", kh);
        Checks.positive(node, "filter width", kw);
        Checks.positive(node, "input height", inH);
        Checks.positive(node, "input width", inW);
        int totalH = padding == PADDING_SAME ? Math.max(0, kh - (inH - 1) % strideH - 1) : 0;
        int totalW = padding == PADDING_SAME ? Math.max(0, kw - (inW - 1) % strideW - 1) : 0;
        int outH = strideH * (inH - 1) + kh - totalH;
        int outW = strideW * (inW - 1) + kw - totalW;
        output.resize(input.dim(0), outH, outW, outC);

        ConvEngine engine = ConvEngine.of(node);
        filter = new PackedFilter(kh * kw, inC, outC, engine, Float.NEGATIVE_INFINITY,
                Float.POSITIVE_INFINITY);
        weightsConstant = weights.isConstant();
        if (weightsConstant) {
            filter.pack(weights.floats(), weights.offset(), new float[filter.packedSize()], 0);
            node.markInputCopied(1);
        } else {
            node.requestScratch(filter.packedSize());
        }
        biasConstant = bias.isConstant();
        if (biasConstant) {
            filter.loadBias(bias);
            node.markInputCopied(2);
        }
        conv = new TransposedConvolution(engine, filter, node.threads().size(), input.dim(0), inH, inW, inC, kh, kw,
                strideH, strideW);
        conv.setOutput(outH, outW, totalH / 2, totalW / 2);
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (output.numElements() == 0) {
            return;
        }
        if (!weightsConstant) {
            Tensor w = node.input(1);
            filter.pack(w.floats(), w.offset(), node.scratch(), 0);
        }
        if (!biasConstant) {
            filter.loadBias(node.input(2));
        }
        conv.run(node.threads(), node.input(0), output);
    }
}
