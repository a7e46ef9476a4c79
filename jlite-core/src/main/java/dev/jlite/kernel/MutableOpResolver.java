package dev.jlite.kernel;

import dev.jlite.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An op resolver that holds exactly the kernels added to it, so an interpreter carries only the operators a
 * model needs (as tflite-micro's {@code MicroMutableOpResolver}). Later registrations of the same operator and
 * version win, so a user can replace a builtin kernel with their own.
 */
public final class MutableOpResolver implements OpResolver {
    /** The highest operator version a registration without an explicit range accepts. */
    public static final int ANY_VERSION = Integer.MAX_VALUE;

    private final List<Registration> registrations = new ArrayList<>();

    /** Adds a builtin kernel for every version of the operator. */
    public MutableOpResolver addBuiltin(BuiltinOperator op, KernelFactory factory, DataType... types) {
        return addBuiltin(op, 1, ANY_VERSION, factory, types);
    }

    /** Adds a builtin kernel for versions {@code minVersion..maxVersion} of the operator. */
    public MutableOpResolver addBuiltin(BuiltinOperator op, int minVersion, int maxVersion, KernelFactory factory,
            DataType... types) {
        registrations.add(new Registration(op, null, minVersion, maxVersion, List.of(types), factory));
        return this;
    }

    /** Adds a custom kernel, found by the model's {@code custom_code} name. */
    public MutableOpResolver addCustom(String name, KernelFactory factory, DataType... types) {
        registrations.add(new Registration(null, name, 1, ANY_VERSION, List.of(types), factory));
        return this;
    }

    /** Adds every registration of another resolver. */
    public MutableOpResolver addAll(OpResolver other) {
        registrations.addAll(other.registrations());
        return this;
    }

    @Override
    public KernelFactory findBuiltin(int builtinCode, int version) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            Registration r = registrations.get(i);
            if (r.builtin() != null && r.builtin().code() == builtinCode && version >= r.minVersion()
                    && version <= r.maxVersion()) {
                return r.factory();
            }
        }
        return null;
    }

    @Override
    public KernelFactory findCustom(String name, int version) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            Registration r = registrations.get(i);
            if (name.equals(r.customName()) && version >= r.minVersion() && version <= r.maxVersion()) {
                return r.factory();
            }
        }
        return null;
    }

    @Override
    public List<Registration> registrations() {
        return Collections.unmodifiableList(registrations);
    }
}
