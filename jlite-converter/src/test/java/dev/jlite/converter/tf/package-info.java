/**
 * The converter's ground truth: TensorFlow Java (1.1.0, TensorFlow 2.18 native) builds, trains and runs the
 * reference models, so that a converted {@code .tflite} can be compared with TensorFlow's own outputs on the
 * SavedModel it came from.
 *
 * <ul>
 *   <li>{@link dev.jlite.converter.tf.TfModels} writes MobileNetV1 (any width), MobileNetV2 1.0, a small ResNet,
 *       an MLP and an embedding text classifier with seeded weights, and
 *       {@link dev.jlite.converter.tf.TrainedCnn} a CNN really trained on
 *       {@link dev.jlite.converter.tf.OrientedBars}; {@link dev.jlite.converter.tf.TfLayers} lays out their
 *       layers.</li>
 *   <li>{@link dev.jlite.converter.tf.TfRunner} runs a SavedModel signature on flat arrays.</li>
 *   <li>{@link dev.jlite.converter.tf.FrozenGraphs} freezes a model into a GraphDef (variables become the
 *       constants that the checkpoint restores), for converting frozen graphs.</li>
 *   <li>{@code EndToEndConversionTest} converts every model (from the SavedModel and from the frozen graph) and
 *       the trained CNN (float, float16, dynamic range, int8 calibrated on training examples written by
 *       {@link dev.jlite.converter.tf.Npy}) and compares jlite and official TFLite with TensorFlow.</li>
 * </ul>
 *
 * <h2>What TensorFlow Java 1.1.0 exports</h2>
 *
 * {@code SavedModelBundle.exporter(dir).withSession(s).withSignature(sig).export()} writes a TF1-style SavedModel,
 * not what TF 2 / Keras write:
 * <ul>
 *   <li>{@code saved_model.pb}: schema version 0, one MetaGraphDef with tag {@code serve} (meta info holds only
 *       the tags), a plain GraphDef (producer 1994) with an empty function library: no
 *       {@code StatefulPartitionedCall}, no SavedObjectGraph, no collections, no assets, no init or main op.</li>
 *   <li>{@code signature_def["serving_default"]}: the user-facing names map to graph tensors such as
 *       {@code image:0} and {@code probabilities:0}, with dtype and shape (batch -1 here).</li>
 *   <li>Variables: {@code tf.variable(init)} writes a {@code VariableV2} node (a reference variable) plus an
 *       {@code Assign} initializer named {@code <variable>_1} whose value comes from the initializer subgraph
 *       (here stateless random ops, so the weights are not constants in the graph); consumers such as Conv2D
 *       or MatMul take the {@code VariableV2} output directly, without Identity or ReadVariableOp.</li>
 *   <li>A SaverDef ({@code save/filename}, {@code save/Save} = SaveV2, {@code save/Restore} = RestoreV2,
 *       {@code save/Assign_k}, {@code save/restore_all}) and the checkpoint {@code variables/variables.index}
 *       + {@code variables/variables.data-00000-of-00001} (tensor bundle), keyed by the {@code VariableV2} node
 *       names. An {@code Init} NoOp depends on all initializers.</li>
 *   <li>Resource variables ({@code VarHandleOp} / {@code AssignVariableOp} / {@code ReadVariableOp}) do not
 *       survive: the exporter's saver only collects {@code VariableV2} nodes and the loader runs no initializer,
 *       so running such a model fails with "Could not find variable". The oracle therefore uses
 *       {@code VariableV2} throughout, and embeddings are {@code GatherV2} on the variable (ResourceGather cannot
 *       be exported this way).</li>
 *   <li>The whole session graph is exported: the trained CNN's SavedModel also holds its gradients, Adam slot
 *       variables and ApplyAdam ops, outside the signature's subgraph (so are its slots in the checkpoint).</li>
 *   <li>Some TF Java ops write other op types than Keras graphs hold: {@code tf.pad} writes PadV2,
 *       {@code tf.math.add} writes Add, {@code tf.nn.maxPool} writes MaxPoolV2, {@code nn.fusedBatchNorm} writes
 *       FusedBatchNormV3. {@link dev.jlite.converter.tf.TfLayers} writes Pad, AddV2 and MaxPool through the
 *       OperationBuilder where Keras would have them.</li>
 * </ul>
 */
package dev.jlite.converter.tf;
