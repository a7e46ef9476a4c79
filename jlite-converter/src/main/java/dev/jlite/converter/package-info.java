/**
 * TensorFlow SavedModel / frozen GraphDef to TensorFlow Lite conversion: {@link dev.jlite.converter.Converter} is
 * the entry point.
 *
 * <p>The stages, each in its package: {@code savedmodel} reads the protobufs and the tensor-bundle checkpoint;
 * {@code graph} holds the TensorFlow graph and its passes (function inlining, variable freezing, identity removal,
 * shape inference, constant folding); {@code lower} maps TensorFlow ops to TensorFlow Lite operators; {@code ir} is
 * the TensorFlow Lite graph; {@code passes} optimizes it (fusions, foldings); {@code quant} quantizes it; {@code emit}
 * writes it with jlite-writer.
 */
package dev.jlite.converter;
