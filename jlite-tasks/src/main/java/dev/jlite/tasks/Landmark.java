package dev.jlite.tasks;

/**
 * A landmark in image pixel coordinates.
 *
 * @param x          pixels from the left edge
 * @param y          pixels from the top edge
 * @param z          depth in the same pixel scale as x (smaller is nearer the camera), relative to the model's
 *                   reference point (the wrist for hands, the hips for pose, the face centre for face meshes)
 * @param visibility probability in [0, 1] that the point is visible (not occluded), NaN where the model gives none
 * @param presence   probability in [0, 1] that the point is inside the image, NaN where the model gives none
 */
public record Landmark(float x, float y, float z, float visibility, float presence) {

    /** The landmark's x and y as a point. */
    public Point point() {
        return new Point(x, y);
    }
}
