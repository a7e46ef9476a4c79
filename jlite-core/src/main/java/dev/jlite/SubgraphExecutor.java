package dev.jlite;

import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Delegate;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.KernelFactory;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.OpResolver;
import dev.jlite.kernel.PixelConsumer;
import dev.jlite.kernel.SubgraphCall;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.model.Operator;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one subgraph: its tensors, a kernel per operator, shape preparation, the arena plan and the execution
 * plan. Operators whose inputs are all constant are run once at prepare time (so FLOAT16 weights behind DEQUANTIZE
 * become float32 once) and skipped when running.
 */
final class SubgraphExecutor {
    private final Model model;
    private final Subgraph subgraph;
    private final Tensor[] tensors;
    private final NodeImpl[] nodes;
    private final ThreadPool pool;
    private final long maxArenaBytes;
    private final boolean useSimd;
    private final Map<DataType.Storage, Object> arenas = new EnumMap<>(DataType.Storage.class);
    private float[] scratch = new float[0];
    private int scratchRequest;
    private long arenaBytes;
    private long liveTensorPeakBytes;
    private boolean allocated;
    private long[] profileNanos;
    private final Subgraphs subgraphs;
    private boolean allocating;
    private boolean invoking;
    private SubgraphCall call;
    /** Whether some tensor's shape signature leaves a dimension to the input shapes (a -1). */
    private final boolean dynamicSignatures;
    /** Whether the current folds were chosen for the inputs at their shapes in the file ({@link #fuse}). */
    private boolean fusedAtFileShapes;

    SubgraphExecutor(Model model, int subgraphIndex, OpResolver resolver, List<Delegate> delegates, ThreadPool pool,
            long maxArenaBytes, boolean useSimd, Subgraphs subgraphs) {
        this.model = model;
        this.subgraphs = subgraphs;
        this.useSimd = useSimd;
        this.subgraph = model.subgraph(subgraphIndex);
        this.pool = pool;
        this.maxArenaBytes = maxArenaBytes;
        List<TensorSpec> specs = subgraph.tensors();
        this.tensors = new Tensor[specs.size()];
        long maxBytes = model.limits().maxTensorBytes();
        for (int i = 0; i < tensors.length; i++) {
            TensorSpec s = specs.get(i);
            Tensor.Kind kind = s.isConstant() && !s.isVariable() ? Tensor.Kind.CONSTANT : Tensor.Kind.ARENA;
            Tensor t = new Tensor(i, s.name(), s.type(), s.shape(), s.shapeSignature(), s.quantization(), kind,
                    maxBytes);
            if (kind == Tensor.Kind.CONSTANT && s.type().storage() != DataType.Storage.NONE
                    && s.type() != DataType.STRING) {
                Object array = model.constantArray(subgraphIndex, s);
                t.bind(array, 0, java.lang.reflect.Array.getLength(array));
                t.setSparsity(s.sparsity());
            }
            tensors[i] = t;
        }
        List<Operator> ops = subgraph.operators();
        this.nodes = new NodeImpl[ops.size()];
        for (int i = 0; i < nodes.length; i++) {
            Operator op = ops.get(i);
            OperatorCode code = model.operatorCodes().get(op.opcodeIndex());
            NodeImpl node = new NodeImpl(op, code);
            KernelFactory factory = null;
            for (Delegate d : delegates) {
                factory = d.claim(code, node);
                if (factory != null) {
                    node.delegate = d.name();
                    break;
                }
            }
            if (factory == null) {
                factory = code.isCustom() ? resolver.findCustom(code.customCode(), code.version())
                        : resolver.findBuiltin(code.builtinCode(), code.version());
            }
            if (factory == null) {
                String what = code.isCustom() ? "custom operator '" + code.customCode() + "'"
                        : BuiltinOperator.ofCode(code.builtinCode()) == null
                                ? "unknown builtin operator code " + code.builtinCode()
                                : "builtin operator " + BuiltinOperator.nameOf(code.builtinCode());
                throw new UnsupportedOperatorException("subgraph " + subgraph.index() + " / operator " + i + ": "
                        + what + " version " + code.version() + " is not registered in the op resolver");
            }
            node.kernel = factory.create(node);
            nodes[i] = node;
        }
        boolean dynamic = false;
        for (TensorSpec s : specs) {
            dynamic |= !isStatic(s);
        }
        this.dynamicSignatures = dynamic;
        fuse(true);
    }

    /**
     * Chooses the folds for inputs at their shapes in the file ({@code atFileShapes}) or resized. Shapes that the
     * file gives with a -1 in their signature (a batch left to the input, as object_detection_3d_camera's) are
     * those that run while the inputs keep the file's shapes, so ADDs and PRELUs fold there too; once an input is
     * resized only tensors of static signature do, and the folds are chosen again (from none) when that changes.
     */
    private void fuse(boolean atFileShapes) {
        for (NodeImpl node : nodes) {
            node.unfuse();
        }
        fusedAtFileShapes = atFileShapes;
        fuseActivations();
        fuseEpilogues(atFileShapes);
        fuseInputPaddings();
    }

    /** Whether each input of the subgraph has its shape in the file. */
    private boolean inputsAtFileShapes() {
        for (int i : subgraph.inputs()) {
            if (i >= 0 && !java.util.Arrays.equals(tensors[i].shape(), subgraph.tensor(i).shape())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds each float RELU, RELU6 or RELU_N1_TO_1 whose input is the only output of a node whose kernel clamps with
     * a fused activation and declares none ({@link Kernel#declaredActivation}) and is read by nothing else: the
     * producer then writes the activation's output, clamped, and the activation node is skipped. Exact, since the
     * producer's clamp is the same function.
     */
    private void fuseActivations() {
        int[] readers = readerCounts();
        NodeImpl[] producer = new NodeImpl[tensors.length];
        for (NodeImpl node : nodes) {
            for (Tensor t : node.outputs) {
                producer[t.index()] = node;
            }
        }
        for (NodeImpl act : nodes) {
            int code = activationCode(act.code);
            if (code == 0 || act.delegate != null || act.inputs.length != 1 || act.outputs.length != 1
                    || act.inputs[0] == null) {
                continue;
            }
            Tensor in = act.inputs[0];
            Tensor out = act.outputs[0];
            NodeImpl p = producer[in.index()];
            if (p == null || p.delegate != null || p.outputs.length != 1 || p.fusedActivation != 0 || p.fusedInto
                    || p.kernel.declaredActivation(p) != 0) {
                continue;
            }
            if (readers[in.index()] != 1 || in.dataType() != DataType.FLOAT32 || out.dataType() != DataType.FLOAT32
                    || isSubgraphOutput(in.index()) || isSubgraphInput(in.index())
                    || subgraph.tensor(in.index()).isVariable() || subgraph.tensor(out.index()).isVariable()
                    || in.kind() != Tensor.Kind.ARENA || out.kind() != Tensor.Kind.ARENA) {
                continue;
            }
            p.fusedActivation = code;
            p.outputs[0] = out;
            producer[out.index()] = p;
            act.fusedInto = true;
        }
    }

    /**
     * Folds float ADDs and PRELUs into the node that computes their input, where its kernel applies them as an
     * epilogue ({@link Kernel#fusesEpilogue}): saves a pass over the tensor each, and the tensor between.
     * <ul>
     * <li>An ADD of two tensors of one shape (no broadcast; see {@link #sameShape}): into the producer of the
     *     operand computed last, when it is the only reader of that operand and the other operand exists by then;
     *     the ADD's activation comes after the sum, as in the ADD kernel.
     * <li>An ADD one of whose operands is a PAD that appends zero channels ({@link #channelPad}), read only there:
     *     ADD and PAD together into the producer of the other operand, where its kernel takes an addend with fewer
     *     channels ({@link Kernel#fusesChannelPaddedAddend}) and the PAD's input exists by then. Its zero channels
     *     are still added (+0.0f turns a -0.0f sum into +0.0f, as the ADD would).
     * <li>A PRELU with per-channel slopes that exist by then (constants, or computed from constants at prepare, as
     *     a DEQUANTIZE of float16 slopes is): into the producer of its input (which may carry a folded ADD).
     * </ul>
     * For an ADD the producer must declare no activation and have none folded in (the sum comes before the ADD's
     * clamp); a PRELU comes after whatever clamp the producer has. Exact, since the producer's output is rounded to
     * float before the addition, as the ADD's input is.
     */
    private void fuseEpilogues(boolean atFileShapes) {
        int[] readers = readerCounts();
        NodeImpl[] producer = new NodeImpl[tensors.length];
        int[] producedAt = new int[tensors.length];
        java.util.Arrays.fill(producedAt, -1);
        for (int n = 0; n < nodes.length; n++) {
            for (Tensor t : nodes[n].outputs) {
                producer[t.index()] = nodes[n];
                producedAt[t.index()] = n;
            }
        }
        for (NodeImpl add : nodes) {
            if (!isBuiltin(add, BuiltinOperator.ADD) || add.delegate != null || add.fusedInto
                    || add.inputs.length != 2 || add.outputs.length != 1) {
                continue;
            }
            Tensor a = add.inputs[0];
            Tensor b = add.inputs[1];
            Tensor out = add.outputs[0];
            if (a == null || b == null || a == b || !sameShape(a, out, atFileShapes)
                    || !sameShape(b, out, atFileShapes) || a.dataType() != DataType.FLOAT32
                    || b.dataType() != DataType.FLOAT32) {
                continue;
            }
            int activation = add.fusedActivation(add.kernel.declaredActivation(add));
            if (activation < 0) {
                continue;
            }
            // A channel PAD of either operand folds with the ADD where it can: then neither runs, whichever was
            // computed last.
            NodeImpl padA = channelPad(producer[a.index()], readers, atFileShapes);
            NodeImpl padB = channelPad(producer[b.index()], readers, atFileShapes);
            if (!(padA != null && foldAdd(add, b, padA.inputs[0], padA, activation, producer, producedAt, readers))
                    && !(padB != null && foldAdd(add, a, padB.inputs[0], padB, activation, producer, producedAt,
                            readers))) {
                Tensor in = producedAt[a.index()] >= producedAt[b.index()] ? a : b;
                foldAdd(add, in, in == a ? b : a, null, activation, producer, producedAt, readers);
            }
        }
        boolean[] folds = constantsAfterPrepare();
        for (NodeImpl prelu : nodes) {
            if (!isBuiltin(prelu, BuiltinOperator.PRELU) || prelu.delegate != null || prelu.fusedInto
                    || prelu.inputs.length != 2 || prelu.outputs.length != 1 || prelu.inputs[0] == null) {
                continue;
            }
            Tensor in = prelu.inputs[0];
            Tensor alpha = prelu.inputs[1];
            Tensor out = prelu.outputs[0];
            NodeImpl p = producer[in.index()];
            if (p == null || alpha == null || alpha.dataType() != DataType.FLOAT32
                    || (!folds[alpha.index()] && producedAt[alpha.index()] >= producedAt[in.index()])
                    || !sameShape(in, out, atFileShapes)
                    || !perChannel(alpha, in) || !canCarryEpilogue(p, in, out, readers)) {
                continue;
            }
            p.fusedPreluAlpha = alpha;
            p.outputs[0] = out;
            producer[out.index()] = p;
            prelu.fusedInto = true;
        }
    }

    /**
     * Folds {@code add} into the producer of its operand {@code in}, adding {@code addend} (the other operand, or the
     * input of the other operand's {@code pad}, which is then folded too), where that node can carry it.
     */
    private boolean foldAdd(NodeImpl add, Tensor in, Tensor addend, NodeImpl pad, int activation,
            NodeImpl[] producer, int[] producedAt, int[] readers) {
        NodeImpl p = producer[in.index()];
        Tensor out = add.outputs[0];
        if (p == null || producedAt[addend.index()] >= producedAt[in.index()]
                || p.fusedAddend != null || p.fusedActivation != 0 || p.kernel.declaredActivation(p) != 0
                || (pad != null && !p.kernel.fusesChannelPaddedAddend(p))
                || !canCarryEpilogue(p, in, out, readers)) {
            return false;
        }
        p.fusedAddend = addend;
        p.fusedActivation = activation;
        p.outputs[0] = out;
        producer[out.index()] = p;
        producedAt[out.index()] = producedAt[in.index()];
        add.fusedInto = true;
        if (pad != null) {
            pad.fusedInto = true;
        }
        return true;
    }

    /**
     * {@code node} when it is a float PAD that only appends channels, zeros after the last dimension of a tensor
     * whose shape the file gives (see {@link #sameShape}; BlazeFace-style residual blocks widen their shortcut so),
     * and whose output is read once and is an intermediate tensor; else null.
     */
    private NodeImpl channelPad(NodeImpl node, int[] readers, boolean atFileShapes) {
        if (node == null || !isPad(node)) {
            return null;
        }
        Tensor data = node.inputs[0];
        Tensor paddings = node.inputs[1];
        Tensor out = node.outputs[0];
        if (data.dataType() != DataType.FLOAT32 || !paddings.isConstant() || !isFloatLink(out, readers)) {
            return null;
        }
        TensorSpec ds = subgraph.tensor(data.index());
        TensorSpec os = subgraph.tensor(out.index());
        int[] d = ds.shape();
        int[] o = os.shape();
        int rank = o.length;
        if ((!atFileShapes && (!isStatic(ds) || !isStatic(os))) || d.length != rank || rank == 0
                || d[rank - 1] < 1 || d[rank - 1] >= o[rank - 1] || paddings.numElements() != 2 * rank
                || !java.util.Arrays.equals(d, 0, rank - 1, o, 0, rank - 1)) {
            return null;
        }
        for (int i = 0; i < 2 * rank; i++) {
            long v = paddingValue(paddings, i);
            if (v != (i == 2 * rank - 1 ? o[rank - 1] - d[rank - 1] : 0)) {
                return null;
            }
        }
        return node;
    }

    /**
     * Folds each float PAD that adds zeros to the height and width of an NHWC tensor, and nothing to its batch and
     * channels, into the one node that reads its output, as that node's input 0, where the node's kernel reads its
     * input so padded ({@link Kernel#fusesInputPadding}): the node then reads the PAD's input, which exists by then
     * as the PAD ran after its producer. Holds for any input shape, since the paddings are constants. A PAD of a
     * tensor computed at prepare is left to run then.
     */
    private void fuseInputPaddings() {
        int[] readers = readerCounts();
        NodeImpl[] reader = new NodeImpl[tensors.length];
        for (NodeImpl node : nodes) {
            if (node.inputs.length > 0 && node.inputs[0] != null) {
                reader[node.inputs[0].index()] = node;
            }
        }
        boolean[] constant = constantsAfterPrepare();
        for (NodeImpl pad : nodes) {
            if (!isPad(pad)) {
                continue;
            }
            Tensor data = pad.inputs[0];
            Tensor out = pad.outputs[0];
            NodeImpl c = reader[out.index()];
            if (c == null || c.delegate != null || c.fusedInto || c.fusedInputPadding != null
                    || data.dataType() != DataType.FLOAT32 || constant[data.index()] || !isFloatLink(out, readers)) {
                continue;
            }
            int[] spatial = spatialPadding(pad.inputs[1]);
            if (spatial == null || !c.kernel.fusesInputPadding(c)) {
                continue;
            }
            c.inputs[0] = data;
            c.fusedInputPadding = spatial;
            pad.fusedInto = true;
        }
    }

    /** Whether {@code node} is a PAD that runs here (no delegate, not folded) with its data and paddings given. */
    private static boolean isPad(NodeImpl node) {
        return isBuiltin(node, BuiltinOperator.PAD) && node.delegate == null && !node.fusedInto
                && node.inputs.length == 2 && node.outputs.length == 1 && node.inputs[0] != null
                && node.inputs[1] != null;
    }

    /**
     * Whether {@code t} is a float tensor between two operators only: read by one operator, in the arena, neither a
     * subgraph output nor a variable. Folding its producer into its reader, or running them together, then changes
     * nothing anybody else sees.
     */
    private boolean isFloatLink(Tensor t, int[] readers) {
        return t.dataType() == DataType.FLOAT32 && readers[t.index()] == 1 && t.kind() == Tensor.Kind.ARENA
                && !isSubgraphOutput(t.index()) && !subgraph.tensor(t.index()).isVariable();
    }

    /**
     * The {@code {top, bottom, left, right}} of constant PAD paddings of shape {@code [4, 2]} that pad only the
     * height and width, by at least 0; else null.
     */
    private static int[] spatialPadding(Tensor paddings) {
        if (!paddings.isConstant() || paddings.numElements() != 8) {
            return null;
        }
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            v[i] = paddingValue(paddings, i);
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE / 4) {
                return null;
            }
        }
        if (v[0] != 0 || v[1] != 0 || v[6] != 0 || v[7] != 0) {
            return null;
        }
        return new int[] {(int) v[2], (int) v[3], (int) v[4], (int) v[5]};
    }

    /** Element {@code i} of a constant PAD's INT32 or INT64 paddings; -1 for any other type. */
    private static long paddingValue(Tensor paddings, int i) {
        return paddings.dataType() == DataType.INT32 ? paddings.ints()[paddings.offset() + i]
                : paddings.dataType() == DataType.INT64 ? paddings.longs()[paddings.offset() + i] : -1;
    }

    /**
     * Which tensors are constant once prepare has run: the model's constants and the outputs of the nodes that
     * {@link #isFoldable} will compute at prepare (all inputs constant), in node order.
     */
    private boolean[] constantsAfterPrepare() {
        boolean[] constant = new boolean[tensors.length];
        for (Tensor t : tensors) {
            constant[t.index()] = t.isConstant();
        }
        for (NodeImpl node : nodes) {
            if (!node.fusedInto && isFoldable(node, t -> constant[t.index()])) {
                for (Tensor out : node.outputs) {
                    constant[out.index()] = true;
                }
            }
        }
        return constant;
    }

    /**
     * Whether node {@code p}, whose only output {@code in} is read once, can write {@code out} with an epilogue that
     * ends with the folded operator (a PRELU comes after any activation; an ADD, checked by the caller, must come
     * before it).
     */
    private boolean canCarryEpilogue(NodeImpl p, Tensor in, Tensor out, int[] readers) {
        return p.delegate == null && !p.fusedInto && p.outputs.length == 1 && p.outputs[0] == in
                && p.fusedPreluAlpha == null && readers[in.index()] == 1
                && p.kernel.fusesEpilogue(p) && p.kernel.declaredActivation(p) >= 0
                && in.dataType() == DataType.FLOAT32 && out.dataType() == DataType.FLOAT32
                && !isSubgraphOutput(in.index()) && !isSubgraphInput(in.index())
                && !subgraph.tensor(in.index()).isVariable() && !subgraph.tensor(out.index()).isVariable()
                && in.kind() == Tensor.Kind.ARENA && out.kind() == Tensor.Kind.ARENA;
    }

    private static boolean isBuiltin(NodeImpl node, BuiltinOperator op) {
        return !node.code.isCustom() && node.code.builtinCode() == op.code();
    }

    /**
     * Whether two tensors have the same shape in the file, and will have it when they run: the inputs have their
     * file shapes ({@code atFileShapes}), or neither signature leaves a dimension to the input's size.
     */
    private boolean sameShape(Tensor x, Tensor y, boolean atFileShapes) {
        TensorSpec sx = subgraph.tensor(x.index());
        TensorSpec sy = subgraph.tensor(y.index());
        return java.util.Arrays.equals(sx.shape(), sy.shape()) && (atFileShapes || isStatic(sx) && isStatic(sy));
    }

    private static boolean isStatic(TensorSpec spec) {
        for (int d : spec.shapeSignature()) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code alpha} holds one slope per channel (last dimension) of {@code x}: its other dimensions are 1. */
    private boolean perChannel(Tensor alpha, Tensor x) {
        int[] a = subgraph.tensor(alpha.index()).shape();
        int[] s = subgraph.tensor(x.index()).shape();
        if (a.length == 0 || s.length == 0 || a[a.length - 1] != s[s.length - 1] || a.length > s.length) {
            return false;
        }
        for (int i = 0; i < a.length - 1; i++) {
            if (a[i] != 1) {
                return false;
            }
        }
        return true;
    }

    /** How many node inputs read each tensor. */
    private int[] readerCounts() {
        int[] readers = new int[tensors.length];
        for (NodeImpl node : nodes) {
            for (Tensor t : node.inputs) {
                if (t != null) {
                    readers[t.index()]++;
                }
            }
        }
        return readers;
    }

    /** The ActivationFunctionType code of a standalone activation operator, 0 for other operators. */
    private static int activationCode(OperatorCode code) {
        if (code.isCustom()) {
            return 0;
        }
        if (code.builtinCode() == BuiltinOperator.RELU.code()) {
            return 1;
        }
        if (code.builtinCode() == BuiltinOperator.RELU_N1_TO_1.code()) {
            return 2;
        }
        if (code.builtinCode() == BuiltinOperator.RELU6.code()) {
            return 3;
        }
        return 0;
    }

    private boolean isSubgraphInput(int index) {
        for (int i : subgraph.inputs()) {
            if (i == index) {
                return true;
            }
        }
        return false;
    }

    Subgraph subgraph() {
        return subgraph;
    }

    Tensor tensor(int index) {
        return tensors[index];
    }

    int nodeCount() {
        return nodes.length;
    }

    boolean isAllocated() {
        return allocated;
    }

    long arenaBytes() {
        return arenaBytes;
    }

    /** Bytes of the kernels' shared scratch buffer, which {@link #arenaBytes()} includes. */
    long scratchBytes() {
        return (long) scratchRequest * 4;
    }

    /**
     * The most bytes of arena tensors alive at any one step of the plan: the lower bound for any placement of them
     * in this execution order, against which the arena planner's result is judged.
     */
    long liveTensorPeakBytes() {
        return liveTensorPeakBytes;
    }

    /**
     * Marks the plan stale, for instance before an input is resized: activations lose their place in the arena until
     * the next {@link #allocate()}.
     */
    void invalidate() {
        allocated = false;
        for (Tensor t : tensors) {
            if (t.kind() == Tensor.Kind.ARENA) {
                t.unbind();
            }
        }
    }

    /**
     * Prepares every node (shapes, packing), folds constant nodes, and plans and binds the arena.
     *
     * @throws ModelFormatException if preparing needs this subgraph again (a control-flow cycle)
     */
    void allocate() {
        if (allocating) {
            throw new ModelFormatException("subgraph " + subgraph.index() + " is called by one of its own operators"
                    + " (directly or through other subgraphs)");
        }
        allocating = true;
        try {
            prepareAndPlan();
        } finally {
            allocating = false;
        }
    }

    private void prepareAndPlan() {
        if (dynamicSignatures) {
            boolean atFileShapes = inputsAtFileShapes();
            if (atFileShapes != fusedAtFileShapes) {
                fuse(atFileShapes);
            }
        }
        for (Tensor t : tensors) {
            if (t.kind() == Tensor.Kind.ARENA || t.kind() == Tensor.Kind.FOLDED || t.kind() == Tensor.Kind.DYNAMIC) {
                t.unbind();
                if (t.kind() != Tensor.Kind.ARENA) {
                    t.setKind(Tensor.Kind.ARENA);
                }
            }
        }
        scratchRequest = 0;
        int[] readersLeft = readerCounts();
        for (NodeImpl node : nodes) {
            node.folded = node.fusedInto;
            node.pixelConsumer = null;
            node.producerStep = -1;
            java.util.Arrays.fill(node.copied, false);
            if (node.fusedInto) {
                continue;
            }
            try {
                node.kernel.prepare(node);
            } catch (ModelFormatException | IllegalStateException | UnsupportedOperationException e) {
                throw e instanceof ModelFormatException m ? m : node.error(e.getMessage());
            } catch (ArithmeticException | IndexOutOfBoundsException | NegativeArraySizeException e) {
                throw node.error("invalid shapes or options: " + e);
            }
            if (isFoldable(node)) {
                for (Tensor out : node.outputs) {
                    out.setKind(Tensor.Kind.FOLDED);
                    bindOwn(out);
                }
                ensureScratch();
                evalNode(node);
                node.folded = true;
            }
            releaseCopiedInputs(node, readersLeft);
        }
        pairPixelConsumers();
        planArena();
        ensureScratch();
        allocated = true;
    }

    /**
     * Pairs each node whose kernel {@link Kernel#runsPixelConsumer runs a pixel consumer} with the node that runs
     * next, where that node reads the first's float output as its input 0, is its only reader, and {@link
     * Kernel#evaluatesPixels evaluates pixels}: the first then runs the second piece by piece, and the second is not
     * run on its own. Only the next node that runs: every other input of the second then exists when the first runs,
     * and the arena keeps the second's tensors from the first's step on ({@link #planArena}).
     */
    private void pairPixelConsumers() {
        int[] readers = readerCounts();
        for (int i = 0; i < nodes.length; i++) {
            NodeImpl producer = nodes[i];
            if (producer.folded || producer.producerStep >= 0 || producer.delegate != null
                    || producer.outputs.length != 1) {
                continue;
            }
            int j = i + 1;
            while (j < nodes.length && nodes[j].folded) {
                j++;
            }
            if (j == nodes.length) {
                break;
            }
            NodeImpl consumer = nodes[j];
            Tensor link = producer.outputs[0];
            if (consumer.delegate != null || consumer.inputs.length == 0 || consumer.inputs[0] != link
                    || !isFloatLink(link, readers) || !producer.kernel.runsPixelConsumer(producer)
                    || !consumer.kernel.evaluatesPixels(consumer)) {
                continue;
            }
            producer.pixelConsumer = consumer;
            consumer.producerStep = i;
        }
    }

    private boolean isFoldable(NodeImpl node) {
        return isFoldable(node, Tensor::isConstant);
    }

    /**
     * Counts off the inputs {@code node} no longer reads: all of them when it was computed now, else those its
     * kernel copied; a tensor computed at prepare whose last reader is counted off is released. An operator folded
     * into another (an activation, an ADD, a PRELU) never counts its inputs off, so what the other reads through it
     * (the addend, the slopes) stays. Tensors computed at prepare are never subgraph outputs ({@link #isFoldable}).
     */
    private void releaseCopiedInputs(NodeImpl node, int[] readersLeft) {
        for (int i = 0; i < node.inputs.length; i++) {
            Tensor t = node.inputs[i];
            if (t != null && (node.folded || node.copied[i]) && --readersLeft[t.index()] == 0
                    && t.kind() == Tensor.Kind.FOLDED) {
                t.release();
            }
        }
    }

    /** Whether {@code node} is computed at prepare, given which tensors are {@code constant} by then. */
    private boolean isFoldable(NodeImpl node, java.util.function.Predicate<Tensor> constant) {
        if (node.outputs.length == 0 || node.delegate != null) {
            return false;
        }
        if ((node.fusedAddend != null && !constant.test(node.fusedAddend))
                || (node.fusedPreluAlpha != null && !constant.test(node.fusedPreluAlpha))) {
            return false;
        }
        for (Tensor in : node.inputs) {
            if (in != null && !constant.test(in)) {
                return false;
            }
        }
        for (Tensor out : node.outputs) {
            if (out.kind() != Tensor.Kind.ARENA || isSubgraphOutput(out.index())
                    || subgraph.tensor(out.index()).isVariable()) {
                return false;
            }
        }
        return true;
    }

    private boolean isSubgraphOutput(int index) {
        for (int o : subgraph.outputs()) {
            if (o == index) {
                return true;
            }
        }
        return false;
    }

    private void bindOwn(Tensor t) {
        if (t.dataType().storage() == DataType.Storage.NONE) {
            throw new ModelFormatException(t + ": type " + t.dataType() + " cannot be computed");
        }
        t.bind(TensorData.allocate(t.dataType().storage(), t.numElements()), 0, t.numElements());
    }

    private void ensureScratch() {
        if (scratch.length < scratchRequest) {
            scratch = new float[scratchRequest];
        }
    }

    private void planArena() {
        int steps = nodes.length;
        int[] first = new int[tensors.length];
        int[] last = new int[tensors.length];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        java.util.Arrays.fill(last, -1);
        for (int i : subgraph.inputs()) {
            first[i] = -1;
            last[i] = Math.max(last[i], 0);
        }
        for (int n = 0; n < steps; n++) {
            NodeImpl node = nodes[n];
            if (node.folded) {
                continue;
            }
            // A consumer run by its producer writes its outputs, and reads its inputs, from the producer's step on.
            int from = node.producerStep >= 0 ? node.producerStep : n;
            for (Tensor t : node.inputs) {
                if (t != null) {
                    first[t.index()] = Math.min(first[t.index()], from);
                    last[t.index()] = Math.max(last[t.index()], n);
                }
            }
            for (Tensor t : node.outputs) {
                first[t.index()] = Math.min(first[t.index()], from);
                last[t.index()] = Math.max(last[t.index()], n);
            }
            for (Tensor t : new Tensor[] {node.fusedAddend, node.fusedPreluAlpha}) {
                if (t != null) {
                    first[t.index()] = Math.min(first[t.index()], n);
                    last[t.index()] = Math.max(last[t.index()], n);
                }
            }
        }
        for (int o : subgraph.outputs()) {
            first[o] = Math.min(first[o], steps);
            last[o] = steps;
        }
        Map<DataType.Storage, List<ArenaPlanner.Request>> requests = new EnumMap<>(DataType.Storage.class);
        long ownBytes = 0;
        for (Tensor t : tensors) {
            int i = t.index();
            boolean variable = subgraph.tensor(i).isVariable();
            if (variable && !t.isBound()) {
                bindOwn(t);
                TensorSpec spec = subgraph.tensor(i);
                if (spec.data() != null) {
                    TensorData.readInto(spec.data(), t.array(), 0, t.numElements());
                }
                ownBytes += t.numBytes();
                continue;
            }
            if (t.kind() == Tensor.Kind.DYNAMIC) {
                bindOwn(t);
                continue;
            }
            if (t.kind() == Tensor.Kind.FOLDED) {
                ownBytes += t.numBytes();
            }
            if (t.kind() != Tensor.Kind.ARENA || last[i] < 0 || variable) {
                continue;
            }
            if (t.dataType().storage() == DataType.Storage.NONE || t.dataType() == DataType.STRING) {
                throw new ModelFormatException(t + ": type " + t.dataType() + " is not supported as an activation");
            }
            requests.computeIfAbsent(t.dataType().storage(), k -> new ArrayList<>())
                    .add(new ArenaPlanner.Request(i, Math.max(1, t.numElements()), first[i], last[i]));
        }
        liveTensorPeakBytes = livePeakBytes(requests, steps);
        long total = (long) scratchRequest * 4;
        Map<DataType.Storage, long[]> plans = new EnumMap<>(DataType.Storage.class);
        for (Map.Entry<DataType.Storage, List<ArenaPlanner.Request>> e : requests.entrySet()) {
            long[] plan = ArenaPlanner.plan(e.getValue());
            long size = plan[plan.length - 1];
            int elementBytes = bytesOf(e.getKey());
            if (size > Integer.MAX_VALUE - 64 - ArenaPlanner.LEAD_BYTES) {
                throw new ModelFormatException("subgraph " + subgraph.index() + ": " + e.getKey()
                        + " arena of " + size + " elements exceeds a Java array");
            }
            total += size * elementBytes;
            plans.put(e.getKey(), plan);
        }
        if (total > maxArenaBytes) {
            throw new ModelFormatException("subgraph " + subgraph.index() + ": tensors need an arena of " + total
                    + " bytes, more than the limit of " + maxArenaBytes + " (Interpreter.Options.setMaxArenaBytes)");
        }
        arenaBytes = total;
        for (Map.Entry<DataType.Storage, long[]> e : plans.entrySet()) {
            long[] plan = e.getValue();
            int lead = ArenaPlanner.LEAD_BYTES / bytesOf(e.getKey());
            int size = (int) plan[plan.length - 1] + lead;
            Object arena = arenas.get(e.getKey());
            if (arena == null || java.lang.reflect.Array.getLength(arena) < size) {
                arena = TensorData.allocate(e.getKey(), size);
                arenas.put(e.getKey(), arena);
            }
            List<ArenaPlanner.Request> rs = requests.get(e.getKey());
            for (int r = 0; r < rs.size(); r++) {
                Tensor t = tensors[rs.get(r).id()];
                t.bind(arena, lead + (int) plan[r], rs.get(r).size());
            }
        }
    }

    /** Steps run from -1 (the inputs, before the first node) to {@code steps} (the outputs, after the last). */
    private static long livePeakBytes(Map<DataType.Storage, List<ArenaPlanner.Request>> requests, int steps) {
        long[] delta = new long[steps + 3];
        for (Map.Entry<DataType.Storage, List<ArenaPlanner.Request>> e : requests.entrySet()) {
            int elementBytes = bytesOf(e.getKey());
            for (ArenaPlanner.Request r : e.getValue()) {
                long bytes = (long) r.size() * elementBytes;
                delta[r.first() + 1] += bytes;
                delta[r.last() + 2] -= bytes;
            }
        }
        long live = 0;
        long peak = 0;
        for (long d : delta) {
            live += d;
            peak = Math.max(peak, live);
        }
        return peak;
    }

    private static int bytesOf(DataType.Storage s) {
        switch (s) {
            case FLOAT: case INT: return 4;
            case LONG: case DOUBLE: return 8;
            case SHORT: return 2;
            default: return 1;
        }
    }

    /** Runs every node that was not folded at prepare time. */
    void invoke() {
        if (invoking) {
            throw new ModelFormatException("subgraph " + subgraph.index() + " is run by one of its own operators");
        }
        invoking = true;
        try {
            invokeNodes();
        } finally {
            invoking = false;
        }
    }

    /** This subgraph as a control-flow kernel sees it. */
    SubgraphCall asCall() {
        if (call == null) {
            call = new Call();
        }
        return call;
    }

    private final class Call implements SubgraphCall {
        @Override
        public int index() {
            return subgraph.index();
        }

        @Override
        public int inputCount() {
            return subgraph.inputs().length;
        }

        @Override
        public Tensor input(int i) {
            return tensors[subgraph.inputs()[i]];
        }

        @Override
        public int outputCount() {
            return subgraph.outputs().length;
        }

        @Override
        public Tensor output(int i) {
            return tensors[subgraph.outputs()[i]];
        }

        @Override
        public void resizeInput(int i, int... shape) {
            Tensor t = input(i);
            if (!java.util.Arrays.equals(t.shape(), shape)) {
                invalidate();
                t.resize(shape);
            }
        }

        @Override
        public void allocate() {
            if (!allocated) {
                SubgraphExecutor.this.allocate();
            }
        }

        @Override
        public void invoke() {
            SubgraphExecutor.this.invoke();
        }
    }

    private void invokeNodes() {
        long[] profile = profileNanos;
        for (NodeImpl node : nodes) {
            if (!node.runsOnItsOwn()) {
                continue;
            }
            if (profile != null) {
                long t0 = System.nanoTime();
                evalNode(node);
                profile[node.index()] += System.nanoTime() - t0;
            } else {
                evalNode(node);
            }
        }
    }

    private void evalNode(NodeImpl node) {
        try {
            node.kernel.eval(node);
        } catch (ModelFormatException e) {
            throw e;
        } catch (ArithmeticException | IndexOutOfBoundsException | NegativeArraySizeException
                | IllegalStateException e) {
            throw node.error("failed while running: " + e);
        }
    }

    /** Starts (or stops, with {@code false}) accumulating time per node. */
    void setProfiling(boolean on) {
        profileNanos = on ? new long[nodes.length] : null;
    }

    /** Accumulated nanoseconds per node since profiling started, or {@code null}. */
    long[] profile() {
        return profileNanos == null ? null : profileNanos.clone();
    }

    /** The operator code of a node, for reports. */
    OperatorCode nodeCode(int i) {
        return nodes[i].code;
    }

    /**
     * Whether node {@code i} does not run on its own: folded at prepare time, fused into the node before it, or run
     * piece by piece by the node before it.
     */
    boolean isFolded(int i) {
        return !nodes[i].runsOnItsOwn();
    }

    /** The kernel's view of one operator. */
    private final class NodeImpl implements Node, PixelConsumer {
        private final Operator op;
        private final OperatorCode code;
        private final Tensor[] inputs;
        private final Tensor[] outputs;
        private Kernel kernel;
        private boolean folded;
        private String delegate;
        /** The activation folded into this node (ActivationFunctionType code), 0 when none. */
        private int fusedActivation;
        /** Whether this activation node was folded into its producer and never runs. */
        private boolean fusedInto;
        /** The other operand of an ADD folded into this node, null when none. */
        private Tensor fusedAddend;
        /** The slopes of a PRELU folded into this node, null when none. */
        private Tensor fusedPreluAlpha;
        /** The {@code {top, bottom, left, right}} of a PAD folded into input 0, null when none. */
        private int[] fusedInputPadding;
        /** Which inputs the kernel copied in its last prepare ({@link Node#markInputCopied}). */
        private final boolean[] copied;
        /** The next node, which this one runs piece by piece ({@link #pairPixelConsumers}); null when none. */
        private NodeImpl pixelConsumer;
        /** For a node that its producer runs, the producer's position in {@link #nodes}; else -1. */
        private int producerStep = -1;

        /** Drops whatever was folded into this node, or this node into another: its own inputs and outputs again. */
        void unfuse() {
            int[] in = op.inputs();
            for (int i = 0; i < in.length; i++) {
                inputs[i] = in[i] < 0 ? null : tensors[in[i]];
            }
            int[] out = op.outputs();
            for (int i = 0; i < out.length; i++) {
                outputs[i] = tensors[out[i]];
            }
            fusedInputPadding = null;
            fusedActivation = 0;
            fusedInto = false;
            fusedAddend = null;
            fusedPreluAlpha = null;
        }

        /** Whether the interpreter runs this node itself: neither folded nor run piece by piece by its producer. */
        boolean runsOnItsOwn() {
            return !folded && producerStep < 0;
        }

        @Override
        public PixelConsumer pixelConsumer() {
            return pixelConsumer;
        }

        @Override
        public void begin() {
            kernel.beginPixels(this);
        }

        @Override
        public void run(int from, int to) {
            kernel.evalPixels(this, from, to);
        }

        @Override
        public void end() {
            kernel.endPixels(this);
        }

        NodeImpl(Operator op, OperatorCode code) {
            this.op = op;
            this.code = code;
            int[] in = op.inputs();
            this.inputs = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                inputs[i] = in[i] < 0 ? null : tensors[in[i]];
            }
            this.copied = new boolean[in.length];
            int[] out = op.outputs();
            this.outputs = new Tensor[out.length];
            for (int i = 0; i < out.length; i++) {
                outputs[i] = tensors[out[i]];
            }
        }

        @Override
        public int index() {
            return op.index();
        }

        @Override
        public String opName() {
            return code.displayName();
        }

        @Override
        public int version() {
            return code.version();
        }

        @Override
        public int inputCount() {
            return inputs.length;
        }

        @Override
        public Tensor input(int i) {
            return i >= 0 && i < inputs.length ? inputs[i] : null;
        }

        @Override
        public int outputCount() {
            return outputs.length;
        }

        @Override
        public Tensor output(int i) {
            if (i < 0 || i >= outputs.length) {
                throw error("has no output " + i + " (has " + outputs.length + ")");
            }
            return outputs[i];
        }

        @Override
        public FlatTable options() {
            return op.builtinOptions();
        }

        @Override
        public int fusedActivation(int declared) {
            return fusedActivation != 0 ? fusedActivation : declared;
        }

        @Override
        public Tensor fusedAddend() {
            return fusedAddend;
        }

        @Override
        public Tensor fusedPreluAlpha() {
            return fusedPreluAlpha;
        }

        @Override
        public int[] fusedInputPadding() {
            return fusedInputPadding == null ? null : fusedInputPadding.clone();
        }

        @Override
        public int optionsType() {
            return op.builtinOptionsType();
        }

        @Override
        public ByteBuffer customOptions() {
            return op.customOptions();
        }

        @Override
        public ThreadPool threads() {
            return pool;
        }

        @Override
        public boolean useSimd() {
            return useSimd;
        }

        @Override
        public void requestScratch(int floats) {
            if (floats < 0) {
                throw error("negative scratch size " + floats);
            }
            scratchRequest = Math.max(scratchRequest, floats);
        }

        @Override
        public float[] scratch() {
            return scratch;
        }

        @Override
        public void markInputCopied(int i) {
            if (i < 0 || i >= inputs.length) {
                throw error("has no input " + i + " (has " + inputs.length + ")");
            }
            copied[i] = true;
        }

        @Override
        public SubgraphCall subgraph(int index) {
            if (index < 0 || index >= subgraphs.count()) {
                throw error("refers to subgraph " + index + ", but the model has " + subgraphs.count());
            }
            return subgraphs.get(index).asCall();
        }

        @Override
        public ModelFormatException error(String message) {
            return new ModelFormatException("subgraph " + subgraph.index() + " / operator " + op.index() + " ("
                    + code + "): " + message);
        }
    }
}
