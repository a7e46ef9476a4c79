package dev.jlite.ops.conv;

import dev.jlite.ops.common.Vectorization;

/**
 * Finds the Vector API engine once. The engine class is loaded by name and only when the
 * {@code jdk.incubator.vector} module is in the boot layer, so a JVM started without
 * {@code --add-modules jdk.incubator.vector} never touches it (the approach of Lucene's VectorizationProvider).
 */
final class VectorEngineHolder {
    /** The Vector API engine, or {@code null} when the module is absent or its vectors are too narrow to pay. */
    static final ConvEngine ENGINE = load();

    private VectorEngineHolder() {}

    private static ConvEngine load() {
        if (!Vectorization.AVAILABLE) {
            return null;
        }
        try {
            Class<?> c = Class.forName("dev.jlite.ops.conv.VectorConvEngine");
            ConvEngine engine = (ConvEngine) c.getDeclaredConstructor().newInstance();
            return engine.channelAlignment() >= 4 ? engine : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
