package dev.jlite;

import dev.jlite.kernel.Delegate;
import dev.jlite.kernel.InferenceActivity;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.OpResolver;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.SignatureDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs a TensorFlow Lite model, with the API of TensorFlow Lite's Java {@code Interpreter}.
 *
 * <p>Inputs and outputs are multi-dimensional Java arrays ({@code float[1][224][224][3]}), {@link ByteBuffer}s
 * (direct or heap; their bytes are read and written in native order from their position, which is not moved) or
 * typed buffers ({@code FloatBuffer}, {@code IntBuffer}, ...). Type and shape are checked: a mismatch is an
 * {@link IllegalArgumentException} naming the tensor. To change an input's shape, call
 * {@link #resizeInput(int, int[])}.
 *
 * <p>An interpreter is not thread-safe; use one per thread. The {@link Model} it runs can be shared.
 */
public final class Interpreter implements AutoCloseable {
    /** Interpreter settings. */
    public static final class Options {
        private int numThreads = 1;
        private OpResolver resolver;
        private final List<Delegate> delegates = new ArrayList<>();
        private boolean useSimd = true;
        private long maxArenaBytes = Runtime.getRuntime().maxMemory() / 2;

        /**
         * Threads used by kernels, and to copy large float buffers in and out, the calling thread included (default
         * 1).
         */
        public Options setNumThreads(int numThreads) {
            if (numThreads < 1) {
                throw new IllegalArgumentException("numThreads must be at least 1, got " + numThreads);
            }
            this.numThreads = numThreads;
            return this;
        }

        /**
         * The kernels to run with. Default: every {@link OpResolver} found with {@link ServiceLoader} (jlite-ops
         * provides the builtin ones).
         */
        public Options setOpResolver(OpResolver resolver) {
            this.resolver = resolver;
            return this;
        }

        /** Adds a delegate; delegates are asked in the order added, before the op resolver. */
        public Options addDelegate(Delegate delegate) {
            delegates.add(delegate);
            return this;
        }

        /** Whether kernels may use the Vector API where present (default true); false forces the scalar kernels. */
        public Options setUseSimd(boolean useSimd) {
            this.useSimd = useSimd;
            return this;
        }

        /** The largest arena (activations and scratch) the model may ask for (default half the maximum heap). */
        public Options setMaxArenaBytes(long maxArenaBytes) {
            if (maxArenaBytes <= 0) {
                throw new IllegalArgumentException("maxArenaBytes must be positive");
            }
            this.maxArenaBytes = maxArenaBytes;
            return this;
        }

        public int numThreads() {
            return numThreads;
        }

        public boolean useSimd() {
            return useSimd;
        }
    }

    private final Model model;
    private final Options options;
    private final OpResolver resolver;
    private final ThreadPool pool;
    private final SubgraphExecutor primary;
    /** The primary subgraph's input and output tensor indices (Subgraph hands out copies; runs must not allocate). */
    private final int[] inputIndices;
    private final int[] outputIndices;
    private final Subgraphs subgraphs;
    private long lastInferenceNanos = -1;
    private boolean closed;

    public Interpreter(Path modelFile) {
        this(modelFile, new Options());
    }

    public Interpreter(Path modelFile, Options options) {
        this(openModel(modelFile), options);
    }

    public Interpreter(ByteBuffer modelBuffer) {
        this(modelBuffer, new Options());
    }

    public Interpreter(ByteBuffer modelBuffer, Options options) {
        this(Model.wrap(modelBuffer), options);
    }

    public Interpreter(Model model) {
        this(model, new Options());
    }

    /**
     * Creates an interpreter and resolves a kernel for every operator of every subgraph.
     *
     * @throws UnsupportedOperatorException if an operator is not registered (naming it, its version, the node)
     */
    public Interpreter(Model model, Options options) {
        this.model = model;
        this.options = options;
        this.resolver = options.resolver != null ? options.resolver : defaultResolver();
        this.pool = new ThreadPool(options.numThreads);
        this.subgraphs = new Subgraphs(model, resolver, options.delegates, pool, options.maxArenaBytes,
                options.useSimd);
        try {
            this.primary = subgraphs.get(0);
            this.inputIndices = primary.subgraph().inputs();
            this.outputIndices = primary.subgraph().outputs();
            for (int s = 1; s < subgraphs.count(); s++) {
                subgraphs.get(s); // resolves every operator now, so a missing kernel fails at construction
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static Model openModel(Path file) {
        try {
            return Model.open(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every {@link OpResolver} that {@link ServiceLoader} finds through the calling thread's context class loader,
     * built once per loader in a row: building it (about 140 registrations, code that runs once per interpreter and
     * so stays interpreted) took 1-4 ms of each interpreter's construction in a JVM that had run models for seconds.
     * The resolver is only read after it is built. The cache holds the last loader's resolver only, so a loader that
     * is no longer used stays reachable until an interpreter is built through another.
     */
    private static OpResolver defaultResolver() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        DefaultResolver last = lastDefaultResolver;
        if (last != null && last.loader() == loader) {
            return last.resolver();
        }
        MutableOpResolver all = new MutableOpResolver();
        for (OpResolver r : ServiceLoader.load(OpResolver.class, loader)) {
            all.addAll(r);
        }
        if (all.registrations().isEmpty()) {
            throw new IllegalStateException("no kernels found: put jlite-ops on the class path or call "
                    + "Options.setOpResolver");
        }
        lastDefaultResolver = new DefaultResolver(loader, all);
        return all;
    }

    private record DefaultResolver(ClassLoader loader, OpResolver resolver) {}

    private static volatile DefaultResolver lastDefaultResolver;

    /** The model this interpreter runs. */
    public Model model() {
        return model;
    }

    public int getInputTensorCount() {
        return inputIndices.length;
    }

    public int getOutputTensorCount() {
        return outputIndices.length;
    }

    /** Input {@code i} of the primary subgraph. */
    public Tensor getInputTensor(int i) {
        checkOpen();
        return primary.tensor(index(inputIndices, i, "input"));
    }

    /** Output {@code i} of the primary subgraph; its shape is final after {@link #allocateTensors()} or a run. */
    public Tensor getOutputTensor(int i) {
        checkOpen();
        return primary.tensor(index(outputIndices, i, "output"));
    }

    private static int index(int[] indices, int i, String what) {
        if (i < 0 || i >= indices.length) {
            throw new IllegalArgumentException(what + " index " + i + " out of range (" + indices.length + " "
                    + what + "s)");
        }
        return indices[i];
    }

    /** The position of the input tensor with this name. */
    public int getInputIndex(String name) {
        return position(inputIndices, name, "input");
    }

    /** The position of the output tensor with this name. */
    public int getOutputIndex(String name) {
        return position(outputIndices, name, "output");
    }

    private int position(int[] indices, String name, String what) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            String n = primary.tensor(indices[i]).name();
            if (n.equals(name)) {
                return i;
            }
            names.add(n);
        }
        throw new IllegalArgumentException("no " + what + " named '" + name + "'; " + what + "s are " + names);
    }

    /** Changes the shape of input {@code i}; tensors are planned again before the next run. */
    public void resizeInput(int i, int[] dims) {
        checkOpen();
        Tensor t = getInputTensor(i);
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("input " + i + " '" + t.name() + "': negative dimension in "
                        + Arrays.toString(dims));
            }
        }
        if (!Arrays.equals(t.shape(), dims)) {
            primary.invalidate();
            t.resize(dims.clone());
        }
    }

    /** Prepares every operator for the current input shapes and plans the arena. Runs do this when needed. */
    public void allocateTensors() {
        checkOpen();
        primary.allocate();
    }

    /** Runs a model with one input and one output. */
    public void run(Object input, Object output) {
        Map<Integer, Object> outputs = new HashMap<>();
        outputs.put(0, output);
        runForMultipleInputsOutputs(new Object[] {input}, outputs);
    }

    /**
     * Runs the model: inputs in the model's input order; outputs by output position (any subset). Outputs
     * not named are computed and can be read from {@link #getOutputTensor(int)}.
     */
    public void runForMultipleInputsOutputs(Object[] inputs, Map<Integer, Object> outputs) {
        checkOpen();
        int[] in = inputIndices;
        if (inputs == null || inputs.length != in.length) {
            throw new IllegalArgumentException("the model has " + in.length + " inputs, got "
                    + (inputs == null ? 0 : inputs.length));
        }
        int[] out = outputIndices;
        for (Integer o : outputs.keySet()) {
            if (o == null || o < 0 || o >= out.length) {
                throw new IllegalArgumentException("output index " + o + " out of range (" + out.length
                        + " outputs)");
            }
        }
        ensureAllocated(primary);
        for (int i = 0; i < in.length; i++) {
            TensorIO.copyIn(primary.tensor(in[i]), inputs[i], "input", i, pool);
        }
        invoke(primary);
        for (Map.Entry<Integer, Object> e : outputs.entrySet()) {
            TensorIO.copyOut(primary.tensor(out[e.getKey()]), e.getValue(), "output", e.getKey(), pool);
        }
    }

    private void ensureAllocated(SubgraphExecutor executor) {
        if (!executor.isAllocated()) {
            executor.allocate();
        }
    }

    private void invoke(SubgraphExecutor executor) {
        long t0 = System.nanoTime();
        executor.invoke();
        lastInferenceNanos = System.nanoTime() - t0;
        InferenceActivity.finished();
    }

    /** Runs the model on the data already in the input tensors (for benchmarks and tools). */
    public void invoke() {
        checkOpen();
        ensureAllocated(primary);
        invoke(primary);
    }

    /** Copies data into input {@code i} without running (for benchmarks and tools). */
    public void setInput(int i, Object data) {
        checkOpen();
        ensureAllocated(primary);
        TensorIO.copyIn(getInputTensor(i), data, "input", i, pool);
    }

    /** Copies output {@code i} into {@code dst} (for benchmarks and tools). */
    public void getOutput(int i, Object dst) {
        checkOpen();
        TensorIO.copyOut(getOutputTensor(i), dst, "output", i, pool);
    }

    /** The keys of the model's signature definitions. */
    public String[] getSignatureKeys() {
        return model.signatureDefs().stream().map(SignatureDef::key).toArray(String[]::new);
    }

    /** The input names of a signature, in the model's order. */
    public String[] getSignatureInputs(String key) {
        return signature(key).inputs().keySet().toArray(new String[0]);
    }

    /** The output names of a signature, in the model's order. */
    public String[] getSignatureOutputs(String key) {
        return signature(key).outputs().keySet().toArray(new String[0]);
    }

    private SignatureDef signature(String key) {
        for (SignatureDef s : model.signatureDefs()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no signature '" + key + "'; signatures are "
                + Arrays.toString(getSignatureKeys()));
    }

    /** Runs the model's only signature. */
    public void runSignature(Map<String, Object> inputs, Map<String, Object> outputs) {
        String[] keys = getSignatureKeys();
        if (keys.length != 1) {
            throw new IllegalArgumentException("the model has " + keys.length + " signatures "
                    + Arrays.toString(keys) + "; name one");
        }
        runSignature(inputs, outputs, keys[0]);
    }

    /** Runs a signature, with inputs and outputs by their signature names. */
    public void runSignature(Map<String, Object> inputs, Map<String, Object> outputs, String key) {
        checkOpen();
        SignatureDef sig = signature(key);
        SubgraphExecutor ex = subgraphs.get(sig.subgraphIndex());
        for (String name : inputs.keySet()) {
            if (!sig.inputs().containsKey(name)) {
                throw new IllegalArgumentException("signature '" + key + "' has no input '" + name + "'; inputs are "
                        + sig.inputs().keySet());
            }
        }
        for (String name : sig.inputs().keySet()) {
            if (!inputs.containsKey(name)) {
                throw new IllegalArgumentException("signature '" + key + "': missing input '" + name + "'");
            }
        }
        for (String name : outputs.keySet()) {
            if (!sig.outputs().containsKey(name)) {
                throw new IllegalArgumentException("signature '" + key + "' has no output '" + name
                        + "'; outputs are " + sig.outputs().keySet());
            }
        }
        ensureAllocated(ex);
        for (Map.Entry<String, Integer> e : sig.inputs().entrySet()) {
            TensorIO.copyIn(ex.tensor(e.getValue()), inputs.get(e.getKey()), "signature input", e.getKey(), pool);
        }
        invoke(ex);
        for (Map.Entry<String, Object> e : outputs.entrySet()) {
            TensorIO.copyOut(ex.tensor(sig.outputs().get(e.getKey())), e.getValue(),
                    "signature output", e.getKey(), pool);
        }
    }

    /** Wall time of the last run's operators, in nanoseconds, or -1 before the first run. */
    public long getLastInferenceDurationNanoseconds() {
        return lastInferenceNanos;
    }

    /**
     * Bytes of the primary subgraph's arena (activations and scratch), after allocation: the planned tensor bytes,
     * not counting the 48 bytes in front of each arena array that align its tensors.
     */
    public long arenaBytes() {
        ensureAllocated(primary);
        return primary.arenaBytes();
    }

    /** Bytes of the kernels' scratch buffer, part of {@link #arenaBytes()}, after allocation. */
    public long scratchBytes() {
        ensureAllocated(primary);
        return primary.scratchBytes();
    }

    /**
     * The largest sum, over the primary subgraph's operators, of the bytes of the activation tensors alive at that
     * operator (inputs, outputs and every tensor produced earlier and consumed later; scratch not included), after
     * allocation. No arena for this execution order can hold the tensors in fewer bytes, so
     * {@code arenaBytes() - scratchBytes()} against this figure shows how well the arena planner packs them.
     */
    public long liveTensorPeakBytes() {
        ensureAllocated(primary);
        return primary.liveTensorPeakBytes();
    }

    /** Starts or stops timing each operator of the primary subgraph (see {@link #operatorProfile()}). */
    public void setProfiling(boolean on) {
        primary.setProfiling(on);
    }

    /** Time per operator since profiling started, in run order; operators folded at prepare time are omitted. */
    public List<OperatorTiming> operatorProfile() {
        long[] nanos = primary.profile();
        if (nanos == null) {
            throw new IllegalStateException("profiling is off; call setProfiling(true) before running");
        }
        List<OperatorTiming> out = new ArrayList<>();
        for (int i = 0; i < nanos.length; i++) {
            if (!primary.isFolded(i)) {
                out.add(new OperatorTiming(i, primary.nodeCode(i), nanos[i]));
            }
        }
        return out;
    }

    /** Accumulated time of one operator. */
    public record OperatorTiming(int index, OperatorCode code, long nanos) {}

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the interpreter is closed");
        }
    }

    /** Stops the worker threads. The interpreter cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
