/**
 * Vision tasks over MediaPipe's models, run by jlite's interpreter: {@link dev.jlite.tasks.FaceDetector},
 * {@link dev.jlite.tasks.ObjectDetector}, {@link dev.jlite.tasks.PalmDetector}, {@link dev.jlite.tasks.HandLandmarker},
 * {@link dev.jlite.tasks.PoseLandmarker}, {@link dev.jlite.tasks.FaceLandmarker} and
 * {@link dev.jlite.tasks.SelfieSegmenter}. Each is made with {@code create(model, options)} and takes a
 * {@link java.awt.image.BufferedImage} or an image file; results are plain records in the image's own pixel
 * coordinates. Pre- and post-processing follow MediaPipe's graphs for these exact models, constant for constant;
 * {@link dev.jlite.tasks.AnnotatedImage} draws the results.
 *
 * <pre>{@code
 * try (FaceDetector faces = FaceDetector.create(Path.of("face_detection_short_range.tflite"),
 *         new FaceDetector.Options().minScore(0.6f))) {
 *     for (Detection face : faces.detect(Path.of("photo.png"))) {
 *         System.out.println(face.box() + " " + face.score());
 *     }
 * }
 * }</pre>
 */
package dev.jlite.tasks;
