/**
 * Writing TensorFlow Lite model files from code: {@link dev.jlite.writer.ModelBuilder} declares subgraphs
 * ({@link dev.jlite.writer.SubgraphBuilder}) of tensors, constants and operators with
 * {@link dev.jlite.writer.BuiltinOptions}, plus signature defs and metadata, and writes a {@code .tflite} file that
 * TensorFlow Lite and {@link dev.jlite.Model} load.
 */
package dev.jlite.writer;
