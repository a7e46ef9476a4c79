package dev.jlite.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * The official TensorFlow Lite 2.6.2 interpreter ({@code dev.jlite.testing.OfficialInterpreter}), reached by
 * reflection: the CLI jar does not bundle it (native code, test tooling). The launcher puts the jlite-bench jar,
 * which holds it, on the class path when that jar has been built.
 */
final class OfficialTflite implements AutoCloseable {
    private static final String CLASS = "dev.jlite.testing.OfficialInterpreter";
    private static final String SELFIE_ORACLE = "dev.jlite.testing.SelfieOracle";
    private static final String CUSTOM_TRANSPOSE_CONV = "Convolution2DTransposeBias";

    private final Object interpreter;
    private final Method run;
    private final Method close;
    private final ByteBuffer[] inputs;
    private final ByteBuffer[] outputs;

    /** Why the official interpreter cannot be used here, or null when it can. */
    static String unavailableReason() {
        try {
            Class<?> c = Class.forName(CLASS);
            if (!(Boolean) c.getMethod("isAvailable").invoke(null)) {
                return "the official TensorFlow Lite interpreter cannot load here: "
                        + c.getMethod("unavailableReason").invoke(null);
            }
            return null;
        } catch (ClassNotFoundException e) {
            return "the official TensorFlow Lite interpreter is not on the class path (build jlite-bench: "
                    + "mvn package -pl jlite-bench -am -Dmaven.test.skip=true)";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "the official TensorFlow Lite interpreter cannot load here: " + e;
        }
    }

    /**
     * Opens the model in the official interpreter. A model with MediaPipe's {@value #CUSTOM_TRANSPOSE_CONV},
     * which the official interpreter does not know, is rewritten into the builtin ops that compute it.
     *
     * @param inputs one buffer per input, in native order, of the input's byte size
     */
    OfficialTflite(ByteBuffer model, boolean hasCustomTransposeConv, int threads, boolean xnnpack,
            ByteBuffer[] inputs) throws ReflectiveOperationException {
        Class<?> c = Class.forName(CLASS);
        ByteBuffer bytes = model;
        if (hasCustomTransposeConv) {
            bytes = (ByteBuffer) unwrap(() -> Class.forName(SELFIE_ORACLE)
                    .getMethod("replaceCustomTransposeConv", ByteBuffer.class).invoke(null, model));
        }
        Constructor<?> ctor = c.getConstructor(ByteBuffer.class, int.class, boolean.class);
        ByteBuffer finalBytes = bytes;
        this.interpreter = unwrap(() -> ctor.newInstance(finalBytes, threads, xnnpack));
        this.run = c.getMethod("run", ByteBuffer[].class, ByteBuffer[].class);
        this.close = c.getMethod("close");
        int outs = (Integer) c.getMethod("outputCount").invoke(interpreter);
        Method outputBytes = c.getMethod("outputByteSize", int.class);
        this.outputs = new ByteBuffer[outs];
        for (int i = 0; i < outs; i++) {
            outputs[i] = ByteBuffer.allocateDirect((Integer) outputBytes.invoke(interpreter, i))
                    .order(java.nio.ByteOrder.nativeOrder());
        }
        this.inputs = inputs;
    }

    static boolean hasCustomTransposeConv(dev.jlite.Model model) {
        return model.operatorCodes().stream().anyMatch(c -> c.isCustom()
                && CUSTOM_TRANSPOSE_CONV.equals(c.customCode()));
    }

    void run() {
        unwrapUnchecked(() -> run.invoke(interpreter, inputs, outputs));
    }

    @Override
    public void close() {
        unwrapUnchecked(() -> close.invoke(interpreter));
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** The call's own exception instead of the reflection wrapper. */
    private static Object unwrap(Reflective r) throws ReflectiveOperationException {
        try {
            return r.call();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error er) {
                throw er;
            }
            throw e;
        }
    }

    private static void unwrapUnchecked(Reflective r) {
        try {
            unwrap(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
