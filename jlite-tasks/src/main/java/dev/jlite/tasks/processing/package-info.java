/**
 * The building blocks of the tasks, each a MediaPipe calculator redone in Java for the options its graphs use: image
 * to tensor with rotation and letterboxing ({@link dev.jlite.tasks.processing.ImageToTensor},
 * {@link dev.jlite.tasks.processing.Resize}), SSD anchors ({@link dev.jlite.tasks.processing.SsdAnchors}), raw
 * output decoding ({@link dev.jlite.tasks.processing.TensorsToDetections},
 * {@link dev.jlite.tasks.processing.LandmarkTensors}), non-max suppression
 * ({@link dev.jlite.tasks.processing.NonMaxSuppression}), regions of interest
 * ({@link dev.jlite.tasks.processing.Rois}) and the way back to image pixels
 * ({@link dev.jlite.tasks.processing.Projection}, {@link dev.jlite.tasks.processing.MaskProjection}). The source of
 * every constant is cited where it is defined.
 */
package dev.jlite.tasks.processing;
