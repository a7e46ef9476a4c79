package dev.jlite.converter.lower;

import dev.jlite.converter.graph.TfNode;

/** Maps one TensorFlow node to TensorFlow Lite operators, binding its outputs. */
@FunctionalInterface
public interface OpMapper {
    void map(TfNode node, Lowering ctx);
}
