package dev.jlite.tasks.processing;

/** What a sampler reads outside the image: MediaPipe's {@code ImageToTensorCalculatorOptions.BorderMode}. */
public enum BorderMode {
    /** Black (value 0 before the range transform): {@code BORDER_ZERO}, OpenCV's {@code BORDER_CONSTANT}. */
    ZERO,
    /** The nearest edge pixel: {@code BORDER_REPLICATE}, the default when a graph names none. */
    REPLICATE
}
