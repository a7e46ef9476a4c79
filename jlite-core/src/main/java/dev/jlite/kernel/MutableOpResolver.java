package dev.jlite.kernel;

import dev.jlite.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An op resolver that holds exactly the kernels added to it, so an interpreter carries only the operators a
 * model needs (as tflite-micro's {@code MicroMutableOpResolver}). Later registrations of the same operator and
 * version win, so a user can replace a builtin kernel with their own. A registration's types are the types of the
 * operator's first input that its kernel handles; registrations of one operator for different types (float and
 * quantized kernels) live side by side, and the node's first input type picks between them.
 */
public final class MutableOpResolver implements OpResolver {
    /** The highest operator version a registration without an explicit range accepts. */
    public static final int ANY_VERSION = Integer.MAX_VALUE;

    private final List<Registration> registrations = new ArrayList<>();
    /**
     * The registrations of each builtin code and custom name, in the order added. An interpreter looks up every
     * node, in code that runs once per model and so stays in the bytecode interpreter: scanning all ~150 builtin
     * registrations per node was three quarters of building an interpreter there ({@code -Xint}: 20 -> 5 ms for
     * face_detection_short_range).
     */
    private final Map<Integer, List<Registration>> byBuiltin = new HashMap<>();
    private final Map<String, List<Registration>> byCustom = new HashMap<>();

    /** Adds a builtin kernel for every version of the operator. */
    public MutableOpResolver addBuiltin(BuiltinOperator op, KernelFactory factory, DataType... types) {
        return addBuiltin(op, 1, ANY_VERSION, factory, types);
    }

    /** Adds a builtin kernel for versions {@code minVersion..maxVersion} of the operator. */
    public MutableOpResolver addBuiltin(BuiltinOperator op, int minVersion, int maxVersion, KernelFactory factory,
            DataType... types) {
        return add(new Registration(op, null, minVersion, maxVersion, List.of(types), factory));
    }

    /** Adds a custom kernel, found by the model's {@code custom_code} name. */
    public MutableOpResolver addCustom(String name, KernelFactory factory, DataType... types) {
        return add(new Registration(null, name, 1, ANY_VERSION, List.of(types), factory));
    }

    /** Adds every registration of another resolver. */
    public MutableOpResolver addAll(OpResolver other) {
        for (Registration r : other.registrations()) {
            add(r);
        }
        return this;
    }

    private MutableOpResolver add(Registration r) {
        registrations.add(r);
        if (r.isCustom()) {
            byCustom.computeIfAbsent(r.customName(), k -> new ArrayList<>()).add(r);
        } else {
            byBuiltin.computeIfAbsent(r.builtin().code(), k -> new ArrayList<>()).add(r);
        }
        return this;
    }

    @Override
    public KernelFactory findBuiltin(int builtinCode, int version) {
        return choose(byBuiltin.get(builtinCode), version);
    }

    @Override
    public KernelFactory findCustom(String name, int version) {
        return choose(byCustom.get(name), version);
    }

    /**
     * The factory for an operator. When several registrations accept the operator and version (a float kernel and
     * a quantized one, say), the choice waits for the node: the latest registration whose types hold the node's
     * first input type wins; when none does, the node is refused naming the types there are kernels for.
     */
    private static KernelFactory choose(List<Registration> forOp, int version) {
        if (forOp == null) {
            return null;
        }
        List<Registration> candidates = new ArrayList<>();
        for (int i = forOp.size() - 1; i >= 0; i--) {
            Registration r = forOp.get(i);
            if (version >= r.minVersion() && version <= r.maxVersion()) {
                candidates.add(r);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        if (candidates.size() == 1) {
            return candidates.get(0).factory();
        }
        return node -> {
            DataType type = firstInputType(node);
            for (Registration r : candidates) {
                if (r.types().isEmpty() || r.types().contains(type)) {
                    return r.factory().create(node);
                }
            }
            java.util.Set<DataType> types = java.util.EnumSet.noneOf(DataType.class);
            for (Registration r : candidates) {
                types.addAll(r.types());
            }
            throw node.error("input type " + type + " is not supported: kernels are registered for " + types);
        };
    }

    /** The type of the node's first present input, or of its first output for an operator without inputs. */
    private static DataType firstInputType(Node node) {
        for (int i = 0; i < node.inputCount(); i++) {
            if (node.input(i) != null) {
                return node.input(i).dataType();
            }
        }
        return node.outputCount() > 0 ? node.output(0).dataType() : null;
    }

    @Override
    public List<Registration> registrations() {
        return Collections.unmodifiableList(registrations);
    }
}
