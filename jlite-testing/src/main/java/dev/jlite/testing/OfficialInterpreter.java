package dev.jlite.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.lite.DataType;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.Tensor;

/**
 * The official TensorFlow Lite 2.6.2 interpreter (through its Java/JNI binding), used as the test oracle and as the
 * baseline of benchmarks. Only linux-x86_64 is supported, because that is the only native library on the classpath.
 *
 * <p>The static {@link #run(ByteBuffer, boolean, Object...)} takes and returns flat primitive arrays; an instance
 * keeps one interpreter alive for repeated runs on caller-owned direct buffers.
 */
public final class OfficialInterpreter implements AutoCloseable {

    private static final String LIBRARY_RESOURCE = "native/lib/libtensorflowlite_jni.so";

    /** Null when the native library is loaded, else why it could not be. */
    private static final String UNAVAILABLE_REASON = loadNativeLibrary();

    private final ByteBuffer model;
    private final Interpreter interpreter;
    private final Object[] inputSlots;
    private final Map<Integer, Object> outputSlots;

    /**
     * Creates an interpreter for a model.
     *
     * @param model the .tflite file bytes (copied, the caller's buffer is not retained or moved)
     * @param threads number of CPU threads of the interpreter
     * @param xnnpack whether to apply the XNNPACK delegate (false: TFLite's builtin kernels only)
     * @throws IllegalStateException when the native library is unavailable
     */
    public OfficialInterpreter(ByteBuffer model, int threads, boolean xnnpack) {
        requireAvailable();
        this.model = directCopy(model);
        Interpreter.Options options = new Interpreter.Options().setNumThreads(threads).setUseXNNPACK(xnnpack);
        this.interpreter = new Interpreter(this.model, options);
        this.inputSlots = new Object[interpreter.getInputTensorCount()];
        this.outputSlots = new HashMap<>();
    }

    /** Whether the official interpreter can run in this JVM (linux-x86_64 and the native library loaded). */
    public static boolean isAvailable() {
        return UNAVAILABLE_REASON == null;
    }

    /** Why {@link #isAvailable()} is false, or null when it is true. */
    public static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /**
     * Runs a model once on one thread and returns its outputs.
     *
     * @param model the .tflite file bytes
     * @param xnnpack whether to apply the XNNPACK delegate
     * @param flatInputs one flat array per input tensor ({@code float[]}, {@code int[]}, {@code byte[]},
     *     {@code long[]}, {@code short[]} or {@code boolean[]}), of the tensor's type and element count
     * @return one flat array per output tensor: {@code float[]} for FLOAT32, {@code int[]} for INT32,
     *     {@code byte[]} for INT8/UINT8/BOOL, {@code long[]} for INT64, {@code short[]} for INT16
     */
    public static Object[] run(ByteBuffer model, boolean xnnpack, Object... flatInputs) {
        try (OfficialInterpreter official = new OfficialInterpreter(model, 1, xnnpack)) {
            return official.runFlat(flatInputs);
        }
    }

    /** Number of input tensors. */
    public int inputCount() {
        return interpreter.getInputTensorCount();
    }

    /** Number of output tensors. */
    public int outputCount() {
        return interpreter.getOutputTensorCount();
    }

    /** Shape of input tensor {@code i}. */
    public int[] inputShape(int i) {
        return interpreter.getInputTensor(i).shape();
    }

    /** Shape of output tensor {@code i} (as last allocated or computed by a run). */
    public int[] outputShape(int i) {
        Tensor t = interpreter.getOutputTensor(i);
        refreshShape(t);
        return t.shape();
    }

    /**
     * The binding caches a tensor's shape and refreshes it only on some calls, so an output sized while running (IF,
     * WHILE) would report its shape from before the run: ask the native side again.
     */
    private static void refreshShape(Tensor t) {
        try {
            java.lang.reflect.Method refresh = Tensor.class.getDeclaredMethod("refreshShape");
            refresh.setAccessible(true);
            refresh.invoke(t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot refresh the shape of an official TensorFlow Lite tensor", e);
        }
    }

    /** Size in bytes of input tensor {@code i}. */
    public int inputByteSize(int i) {
        return interpreter.getInputTensor(i).numBytes();
    }

    /** Size in bytes of output tensor {@code i}. */
    public int outputByteSize(int i) {
        return interpreter.getOutputTensor(i).numBytes();
    }

    /**
     * Runs one inference. Buffers must be direct, in native order and exactly as large as their tensors
     * ({@link #inputByteSize}, {@link #outputByteSize}); they are read and written from position 0 and are left
     * rewound. Nothing is allocated per call beyond what the TFLite Java binding itself allocates. {@code outputs}
     * may be shorter than the model's outputs: only those first outputs are copied out (the run computes all).
     */
    public void run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        if (inputs.length != inputSlots.length || outputs.length > outputCount()) {
            throw new IllegalArgumentException("expected " + inputSlots.length + " inputs and at most "
                    + outputCount() + " outputs, got " + inputs.length + " and " + outputs.length);
        }
        if (outputSlots.size() > outputs.length) {
            outputSlots.clear();
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i].rewind();
            inputSlots[i] = inputs[i];
        }
        for (int i = 0; i < outputs.length; i++) {
            outputs[i].clear();
            outputSlots.put(i, outputs[i]);
        }
        interpreter.runForMultipleInputsOutputs(inputSlots, outputSlots);
        for (ByteBuffer input : inputs) {
            input.rewind();
        }
        for (ByteBuffer output : outputs) {
            output.rewind();
        }
    }

    @Override
    public void close() {
        interpreter.close();
    }

    /**
     * Runs one inference on flat arrays (as {@link #run(ByteBuffer, boolean, Object...)}); afterwards
     * {@link #outputShape(int)} gives each output's shape.
     */
    public Object[] runFlat(Object... flatInputs) {
        if (flatInputs.length != inputCount()) {
            throw new IllegalArgumentException("model has " + inputCount() + " inputs, got " + flatInputs.length);
        }
        ByteBuffer[] inputs = new ByteBuffer[flatInputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = toDirectBuffer(interpreter.getInputTensor(i), flatInputs[i], i);
        }
        // Outputs are read after the run rather than copied into buffers sized before it: an output sized while
        // running (its shape depends on input values, IF branches, a growing WHILE) only has its final size then. Null placeholders are skipped
        // by the binding's copy.
        Map<Integer, Object> placeholders = new HashMap<>();
        for (int i = 0; i < outputCount(); i++) {
            placeholders.put(i, null);
        }
        interpreter.runForMultipleInputsOutputs(inputs, placeholders);
        Object[] result = new Object[outputCount()];
        for (int i = 0; i < result.length; i++) {
            Tensor tensor = interpreter.getOutputTensor(i);
            refreshShape(tensor);
            // An empty tensor has no data to map.
            ByteBuffer data = tensor.numElements() == 0 ? ByteBuffer.allocate(0)
                    : tensor.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
            result[i] = toFlatArray(tensor, data);
        }
        return result;
    }

    private static ByteBuffer toDirectBuffer(Tensor tensor, Object flat, int index) {
        DataType type = tensor.dataType();
        int n = tensor.numElements();
        int length = flat == null || !flat.getClass().isArray() ? -1 : java.lang.reflect.Array.getLength(flat);
        String what = "input " + index + " " + type + Arrays.toString(tensor.shape());
        if (length != n) {
            throw new IllegalArgumentException(what + " needs a flat array of " + n + " elements, got "
                    + (flat == null ? "null" : flat.getClass().getSimpleName() + " of " + length));
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(tensor.numBytes()).order(ByteOrder.nativeOrder());
        switch (type) {
            case FLOAT32 -> buffer.asFloatBuffer().put(cast(flat, float[].class, what));
            case INT32 -> buffer.asIntBuffer().put(cast(flat, int[].class, what));
            case INT64 -> buffer.asLongBuffer().put(cast(flat, long[].class, what));
            case INT16 -> buffer.asShortBuffer().put(cast(flat, short[].class, what));
            case INT8, UINT8 -> buffer.put(cast(flat, byte[].class, what));
            case BOOL -> {
                if (flat instanceof boolean[] bools) {
                    for (boolean b : bools) {
                        buffer.put((byte) (b ? 1 : 0));
                    }
                } else {
                    buffer.put(cast(flat, byte[].class, what));
                }
            }
            default -> throw new IllegalArgumentException(what + ": unsupported input type");
        }
        buffer.rewind();
        return buffer;
    }

    private static <T> T cast(Object flat, Class<T> type, String what) {
        if (!type.isInstance(flat)) {
            throw new IllegalArgumentException(what + " needs a " + type.getSimpleName() + ", got "
                    + flat.getClass().getSimpleName());
        }
        return type.cast(flat);
    }

    private static Object toFlatArray(Tensor tensor, ByteBuffer buffer) {
        int n = tensor.numElements();
        buffer.rewind();
        switch (tensor.dataType()) {
            case FLOAT32: {
                float[] a = new float[n];
                buffer.asFloatBuffer().get(a);
                return a;
            }
            case INT32: {
                int[] a = new int[n];
                buffer.asIntBuffer().get(a);
                return a;
            }
            case INT64: {
                long[] a = new long[n];
                buffer.asLongBuffer().get(a);
                return a;
            }
            case INT16: {
                short[] a = new short[n];
                buffer.asShortBuffer().get(a);
                return a;
            }
            case INT8:
            case UINT8:
            case BOOL: {
                byte[] a = new byte[n];
                buffer.get(a);
                return a;
            }
            default:
                throw new IllegalArgumentException("unsupported output type " + tensor.dataType());
        }
    }

    private static ByteBuffer directCopy(ByteBuffer source) {
        ByteBuffer view = source.duplicate();
        view.rewind();
        ByteBuffer copy = ByteBuffer.allocateDirect(view.remaining()).order(ByteOrder.nativeOrder());
        copy.put(view);
        copy.rewind();
        return copy;
    }

    private static void requireAvailable() {
        if (UNAVAILABLE_REASON != null) {
            throw new IllegalStateException("official TensorFlow Lite interpreter unavailable: " + UNAVAILABLE_REASON);
        }
    }

    /** Extracts the JNI library from the classpath and loads it; returns null on success, else the reason. */
    private static String loadNativeLibrary() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "only linux-x86_64 has a native TensorFlow Lite library on the classpath (this is " + os + "-"
                    + arch + ")";
        }
        try (InputStream in = OfficialInterpreter.class.getClassLoader().getResourceAsStream(LIBRARY_RESOURCE)) {
            if (in == null) {
                return "classpath resource " + LIBRARY_RESOURCE
                        + " not found (ai.djl.tflite:tflite-native-cpu:linux-x86_64 missing)";
            }
            Path file = Files.createTempFile("libtensorflowlite_jni", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toAbsolutePath().toString());
            return null;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return "loading " + LIBRARY_RESOURCE + " failed: " + e;
        }
    }
}
