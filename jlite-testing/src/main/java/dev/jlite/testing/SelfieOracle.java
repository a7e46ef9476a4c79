package dev.jlite.testing;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;
import org.tensorflow.lite.schema.TransposeConvOptionsT;

/**
 * Makes MediaPipe models with the custom op {@code Convolution2DTransposeBias} runnable by the official interpreter,
 * which does not know that op, so that the interpreter can serve as the oracle for jlite's kernel of it.
 *
 * <p>MediaPipe's op (mediapipe/util/tflite/operations/transpose_conv_bias.cc) takes inputs (input NHWC, weights OHWI,
 * bias [O]) and reads its custom options as the raw C struct {@code TfLiteTransposeConvParams}: three little-endian
 * int32, {@code padding} (TfLitePadding: 1 = SAME, 2 = VALID), {@code stride_width}, {@code stride_height}. It
 * computes a float32 transposed convolution plus bias. Each such op is replaced by the builtin TRANSPOSE_CONV
 * (inputs: constant int32 output shape, weights, input) followed by an ADD of the bias, which is the same function.
 */
public final class SelfieOracle {

    /** The custom op's name in operator_codes. */
    public static final String CUSTOM_OP = "Convolution2DTransposeBias";

    /** TfLitePadding values of the C API. */
    private static final int TFLITE_PADDING_SAME = 1;
    private static final int TFLITE_PADDING_VALID = 2;
    private static final int OPTIONS_BYTES = 12;

    private SelfieOracle() {
    }

    /**
     * Returns a copy of the model in which every {@value #CUSTOM_OP} op is replaced by TRANSPOSE_CONV + ADD.
     *
     * @throws IllegalArgumentException when the model has no such op, or one has unexpected inputs or options
     */
    public static ByteBuffer replaceCustomTransposeConv(ByteBuffer model) {
        ByteBuffer source = model.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        source.rewind();
        ModelT m = Model.getRootAsModel(source).unpack();
        List<OperatorCodeT> codes = new ArrayList<>(Arrays.asList(m.getOperatorCodes()));
        List<BufferT> buffers = new ArrayList<>(Arrays.asList(m.getBuffers()));
        int customIndex = indexOfCustom(codes);
        if (customIndex < 0) {
            throw new IllegalArgumentException("model has no " + CUSTOM_OP + " op");
        }
        int transposeConvIndex = indexOfBuiltin(codes, BuiltinOperator.TRANSPOSE_CONV);
        int addIndex = indexOfBuiltin(codes, BuiltinOperator.ADD);

        for (SubGraphT graph : m.getSubgraphs()) {
            List<TensorT> tensors = new ArrayList<>(Arrays.asList(graph.getTensors()));
            List<OperatorT> operators = new ArrayList<>();
            for (OperatorT op : graph.getOperators()) {
                if (op.getOpcodeIndex() != customIndex) {
                    operators.add(op);
                    continue;
                }
                Replacement r = replace(op, tensors, buffers, transposeConvIndex, addIndex);
                operators.add(r.transposeConv);
                operators.add(r.addBias);
            }
            graph.setTensors(tensors.toArray(new TensorT[0]));
            graph.setOperators(operators.toArray(new OperatorT[0]));
        }

        // The official interpreter resolves every operator code up front, so the custom one must go.
        codes.remove(customIndex);
        for (SubGraphT graph : m.getSubgraphs()) {
            for (OperatorT op : graph.getOperators()) {
                if (op.getOpcodeIndex() > customIndex) {
                    op.setOpcodeIndex(op.getOpcodeIndex() - 1);
                }
            }
        }
        m.setOperatorCodes(codes.toArray(new OperatorCodeT[0]));
        m.setBuffers(buffers.toArray(new BufferT[0]));

        FlatBufferBuilder fbb = new FlatBufferBuilder(source.remaining() + 4096);
        Model.finishModelBuffer(fbb, Model.pack(fbb, m));
        return ByteBuffer.wrap(fbb.sizedByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The output shape MediaPipe's op computes: {@code stride * (in - 1) + filter - padding} per spatial dim. */
    static int[] outputShape(int[] inputShape, int[] weightsShape, int padding, int strideW, int strideH) {
        int inH = inputShape[1];
        int inW = inputShape[2];
        int filterH = weightsShape[1];
        int filterW = weightsShape[2];
        int padH = padding == TFLITE_PADDING_SAME ? Math.max(0, filterH - (inH - 1) % strideH - 1) : 0;
        int padW = padding == TFLITE_PADDING_SAME ? Math.max(0, filterW - (inW - 1) % strideW - 1) : 0;
        return new int[] {inputShape[0], strideH * (inH - 1) + filterH - padH, strideW * (inW - 1) + filterW - padW,
                weightsShape[0]};
    }

    private record Replacement(OperatorT transposeConv, OperatorT addBias) {}

    private static Replacement replace(OperatorT op, List<TensorT> tensors, List<BufferT> buffers,
            int transposeConvIndex, int addIndex) {
        int[] in = op.getInputs();
        int[] out = op.getOutputs();
        if (in.length != 3 || out.length != 1) {
            throw new IllegalArgumentException(CUSTOM_OP + " needs 3 inputs and 1 output, has " + in.length + " and "
                    + out.length);
        }
        TensorT input = tensors.get(in[0]);
        TensorT weights = tensors.get(in[1]);
        TensorT bias = tensors.get(in[2]);
        TensorT output = tensors.get(out[0]);
        if (input.getShape().length != 4 || weights.getShape().length != 4 || bias.getShape().length != 1) {
            throw new IllegalArgumentException(CUSTOM_OP + " needs a 4-D input and weights and a 1-D bias");
        }

        int[] options = op.getCustomOptions();
        if (options == null || options.length < OPTIONS_BYTES) {
            throw new IllegalArgumentException(CUSTOM_OP + " needs " + OPTIONS_BYTES + " bytes of custom options, has "
                    + (options == null ? 0 : options.length));
        }
        int padding = int32(options, 0);
        int strideW = int32(options, 4);
        int strideH = int32(options, 8);
        if ((padding != TFLITE_PADDING_SAME && padding != TFLITE_PADDING_VALID) || strideW < 1 || strideH < 1) {
            throw new IllegalArgumentException(CUSTOM_OP + " options padding=" + padding + " stride_w=" + strideW
                    + " stride_h=" + strideH + " are not supported");
        }
        int[] shape = outputShape(input.getShape(), weights.getShape(), padding, strideW, strideH);
        if (!Arrays.equals(shape, output.getShape())) {
            throw new IllegalArgumentException(CUSTOM_OP + " computes shape " + Arrays.toString(shape)
                    + " but its output tensor has " + Arrays.toString(output.getShape()));
        }
        checkSameLeadingPadding(input.getShape(), weights.getShape(), shape, padding, strideW, strideH);

        int shapeTensor = addTensor(tensors, output.getName() + "/output_shape", TensorType.INT32, new int[] {4},
                addBuffer(buffers, shape));
        int convTensor = addTensor(tensors, output.getName() + "/transpose_conv", TensorType.FLOAT32, shape, 0);

        TransposeConvOptionsT convOptions = new TransposeConvOptionsT();
        convOptions.setPadding(padding == TFLITE_PADDING_SAME ? Padding.SAME : Padding.VALID);
        convOptions.setStrideW(strideW);
        convOptions.setStrideH(strideH);
        OperatorT conv = new OperatorT();
        conv.setOpcodeIndex(transposeConvIndex);
        conv.setInputs(new int[] {shapeTensor, in[1], in[0]});
        conv.setOutputs(new int[] {convTensor});
        conv.setBuiltinOptions(union(BuiltinOptions.TransposeConvOptions, convOptions));

        AddOptionsT addOptions = new AddOptionsT();
        addOptions.setFusedActivationFunction(ActivationFunctionType.NONE);
        OperatorT add = new OperatorT();
        add.setOpcodeIndex(addIndex);
        add.setInputs(new int[] {convTensor, in[2]});
        add.setOutputs(new int[] {out[0]});
        add.setBuiltinOptions(union(BuiltinOptions.AddOptions, addOptions));
        return new Replacement(conv, add);
    }

    /**
     * TRANSPOSE_CONV derives its padding from the output shape as a forward convolution would; make sure that this
     * gives MediaPipe's leading padding ({@code padding / 2}), or the rewrite would compute something else.
     */
    private static void checkSameLeadingPadding(int[] inputShape, int[] weightsShape, int[] outShape, int padding,
            int strideW, int strideH) {
        if (padding != TFLITE_PADDING_SAME) {
            return; // both use no padding
        }
        for (int axis = 1; axis <= 2; axis++) {
            int stride = axis == 1 ? strideH : strideW;
            int in = inputShape[axis];
            int filter = weightsShape[axis];
            int out = outShape[axis];
            int mediapipe = Math.max(0, filter - (in - 1) % stride - 1) / 2;
            int forwardOut = (out + stride - 1) / stride;
            int builtin = Math.max((forwardOut - 1) * stride + filter - out, 0) / 2;
            if (forwardOut != in || builtin != mediapipe) {
                throw new IllegalArgumentException(CUSTOM_OP + ": TRANSPOSE_CONV would pad " + builtin
                        + " where MediaPipe pads " + mediapipe + " (axis " + axis + ")");
            }
        }
    }

    private static BuiltinOptionsUnion union(byte type, Object value) {
        BuiltinOptionsUnion u = new BuiltinOptionsUnion();
        u.setType(type);
        u.setValue(value);
        return u;
    }

    private static int addTensor(List<TensorT> tensors, String name, byte type, int[] shape, int buffer) {
        TensorT t = new TensorT();
        t.setName(name);
        t.setType(type);
        t.setShape(shape);
        t.setBuffer(buffer);
        tensors.add(t);
        return tensors.size() - 1;
    }

    private static int addBuffer(List<BufferT> buffers, int[] int32Data) {
        int[] bytes = new int[int32Data.length * 4];
        for (int i = 0; i < int32Data.length; i++) {
            for (int b = 0; b < 4; b++) {
                bytes[4 * i + b] = (int32Data[i] >>> (8 * b)) & 0xFF;
            }
        }
        BufferT buffer = new BufferT();
        buffer.setData(bytes);
        buffers.add(buffer);
        return buffers.size() - 1;
    }

    private static int indexOfCustom(List<OperatorCodeT> codes) {
        for (int i = 0; i < codes.size(); i++) {
            if (CUSTOM_OP.equals(codes.get(i).getCustomCode())) {
                return i;
            }
        }
        return -1;
    }

    /** Index of a version-1 builtin code, added when absent. */
    private static int indexOfBuiltin(List<OperatorCodeT> codes, int builtin) {
        for (int i = 0; i < codes.size(); i++) {
            OperatorCodeT c = codes.get(i);
            if (Math.max(c.getBuiltinCode(), c.getDeprecatedBuiltinCode()) == builtin && c.getCustomCode() == null) {
                return i;
            }
        }
        OperatorCodeT c = new OperatorCodeT();
        c.setBuiltinCode(builtin);
        c.setDeprecatedBuiltinCode((byte) Math.min(builtin, 127));
        c.setVersion(1);
        codes.add(c);
        return codes.size() - 1;
    }

    private static int int32(int[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16
                | (bytes[offset + 3] & 0xFF) << 24;
    }
}
