package dev.jlite.tasks;

/** A point in image pixel coordinates (x to the right, y down; (0,0) is the top-left corner of the top-left pixel). */
public record Point(float x, float y) {
}
