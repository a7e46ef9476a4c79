package dev.jlite.kernel;

import java.util.List;

/** Finds the kernel for an operator code. */
public interface OpResolver {
    /** The factory for a builtin operator at this version, or {@code null} when not registered. */
    KernelFactory findBuiltin(int builtinCode, int version);

    /** The factory for a custom operator, or {@code null} when not registered. */
    KernelFactory findCustom(String name, int version);

    /** What this resolver registers, for listings. */
    List<Registration> registrations();
}
