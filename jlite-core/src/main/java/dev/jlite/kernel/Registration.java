package dev.jlite.kernel;

import dev.jlite.DataType;
import java.util.List;

/**
 * One registered kernel: a builtin operator (with the versions it accepts) or a custom name, the data types its
 * kernel handles, and its factory.
 */
public record Registration(BuiltinOperator builtin, String customName, int minVersion, int maxVersion,
        List<DataType> types, KernelFactory factory) {
    public Registration {
        types = List.copyOf(types);
        if ((builtin == null) == (customName == null)) {
            throw new IllegalArgumentException("a registration names a builtin or a custom op, not both");
        }
        if (minVersion < 1 || maxVersion < minVersion) {
            throw new IllegalArgumentException("bad version range " + minVersion + ".." + maxVersion);
        }
    }

    public String name() {
        return builtin != null ? builtin.name() : customName;
    }

    public boolean isCustom() {
        return customName != null;
    }
}
