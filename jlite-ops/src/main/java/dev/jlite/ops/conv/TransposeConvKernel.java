package dev.jlite.ops.conv;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Padding;

/**
 * TRANSPOSE_CONV on FLOAT32. Inputs: the output shape (INT32 {@code [4]}), weights {@code [O,KH,KW,I]}, the input
 * {@code [N,H,W,I]}, and (from version 3) an optional bias {@code [O]}. TensorFlow Lite 2.6 has no fused activation
 * for this op. A constant output shape is applied at prepare; otherwise the output is dynamic and sized at eval.
 * The output size must be one a forward convolution with these options maps back to the input size: TensorFlow
 * Lite does not check this, and its two kernels disagree (or read out of bounds) when it does not hold.
 */
final class TransposeConvKernel implements Kernel {
    private static final int PADDING = 0;
    private static final int STRIDE_W = 1;
    private static final int STRIDE_H = 2;

    private TransposedConvolution conv;
    private PackedFilter filter;
    private Padding padding;
    private int strideH;
    private int strideW;
    private int kh;
    private int kw;
    private boolean weightsConstant;
    private boolean biasConstant;
    private boolean shapeConstant;

    @Override
    public void prepare(Node node) {
        node.checkArity(3, 4, 1);
        Tensor shape = node.requireInput(0);
        Tensor weights = node.requireInput(1);
        Tensor input = node.requireInput(2);
        Tensor output = node.output(0);
        if (shape.dataType() != DataType.INT32) {
            throw node.error("output shape is " + shape.dataType() + ", must be INT32");
        }
        Checks.rank(node, shape, "output shape", 1);
        if (shape.numElements() != 4) {
            throw node.error("output shape must have 4 values, has " + shape.numElements());
        }
        Checks.float32(node, input, "input");
        Checks.float32(node, weights, "filter");
        Checks.float32(node, output, "output");
        Checks.dense(node, weights, "filter");
        Checks.rank(node, input, "input", 4);
        Checks.rank(node, weights, "filter", 4);
        int inC = input.dim(3);
        if (weights.dim(3) != inC) {
            throw node.error("filter has " + weights.dim(3) + " input channels, input has " + inC);
        }
        int outC = weights.dim(0);
        Checks.positive(node, "input channels", inC);
        Checks.positive(node, "output channels", outC);
        Tensor bias = Checks.bias(node, node.input(3), outC);

        FlatTable o = node.options(Options.TRANSPOSE_CONV);
        padding = Padding.of(Options.getByte(o, PADDING, 0), node);
        strideW = Options.getInt(o, STRIDE_W, 0);
        strideH = Options.getInt(o, STRIDE_H, 0);
        Checks.positive(node, "stride_w", strideW);
        Checks.positive(node, "stride_h", strideH);
        kh = weights.dim(1);
        kw = weights.dim(2);
        Checks.positive(node, "filter height", kh);
        Checks.positive(node, "filter width", kw);

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
        biasConstant = bias == null || bias.isConstant();
        if (biasConstant) {
            filter.loadBias(bias);
            if (bias != null) {
                node.markInputCopied(3);
            }
        }
        conv = new TransposedConvolution(engine, filter, node.threads().size(), input.dim(0), input.dim(1),
                input.dim(2), inC, kh, kw, strideH, strideW);
        shapeConstant = shape.isConstant();
        if (shapeConstant) {
            applyShape(node, shape, input, output);
        } else {
            output.markDynamic();
        }
    }

    private void applyShape(Node node, Tensor shape, Tensor input, Tensor output) {
        int[] s = shape.ints();
        int at = shape.offset();
        int n = s[at];
        int outH = s[at + 1];
        int outW = s[at + 2];
        int c = s[at + 3];
        if (n != input.dim(0) || c != filter.channels || outH <= 0 || outW <= 0) {
            throw node.error("output shape [" + n + ", " + outH + ", " + outW + ", " + c + "] does not fit input "
                    + input + " and " + filter.channels + " filters");
        }
        int totalH = TransposedConvolution.tfliteTotalPadding(padding, outH, kh, strideH);
        int totalW = TransposedConvolution.tfliteTotalPadding(padding, outW, kw, strideW);
        if (!TransposedConvolution.consistent(input.dim(1), outH, totalH, kh, strideH)
                || !TransposedConvolution.consistent(input.dim(2), outW, totalW, kw, strideW)) {
            throw node.error("output size " + outH + "x" + outW + " does not match input size " + input.dim(1) + "x"
                    + input.dim(2) + " for filter " + kh + "x" + kw + ", strides " + strideH + "x" + strideW
                    + " and " + padding + " padding");
        }
        output.resize(n, outH, outW, c);
        conv.setOutput(outH, outW, totalH / 2, totalW / 2);
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (!shapeConstant) {
            applyShape(node, node.input(0), node.input(2), output);
        }
        if (output.numElements() == 0) {
            return;
        }
        if (!weightsConstant) {
            Tensor w = node.input(1);
            filter.pack(w.floats(), w.offset(), node.scratch(), 0);
        }
        if (!biasConstant) {
            filter.loadBias(node.input(3));
        }
        conv.run(node.threads(), node.input(2), output);
    }
}
