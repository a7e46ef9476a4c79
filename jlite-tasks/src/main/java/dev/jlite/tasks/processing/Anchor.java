package dev.jlite.tasks.processing;

/** An SSD anchor, normalized to the model input: centre and size in [0, 1] (size 1 for fixed-size anchors). */
public record Anchor(float xCenter, float yCenter, float width, float height) {
}
