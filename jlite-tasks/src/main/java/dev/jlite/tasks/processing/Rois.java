package dev.jlite.tasks.processing;

import dev.jlite.tasks.Detection;
import dev.jlite.tasks.Point;
import dev.jlite.tasks.RotatedRect;

/**
 * Region-of-interest math of MediaPipe's landmark graphs, in image pixels: detection to rotated rectangle
 * ({@code DetectionsToRectsCalculator}, {@code AlignmentPointsRectsCalculator}) and its expansion
 * ({@code RectTransformationCalculator}). MediaPipe computes in coordinates normalized by the image size and
 * multiplies back by it wherever an angle or a square is involved; doing it in pixels gives the same rectangles.
 */
public final class Rois {

    private Rois() {
    }

    /**
     * {@code DetectionsToRectsCalculator::DetectionToNormalizedRect} + {@code ComputeRotation}
     * (mediapipe/calculators/util/detections_to_rects_calculator.cc): the detection's box, rotated so that the
     * vector from keypoint {@code start} to keypoint {@code end} points at {@code targetAngle} (radians, counter
     * clockwise from the x axis with y up).
     */
    public static RotatedRect fromBox(Detection d, int start, int end, float targetAngle) {
        return new RotatedRect(d.box().centerX(), d.box().centerY(), d.box().width(), d.box().height(),
                rotation(d, start, end, targetAngle));
    }

    /**
     * {@code AlignmentPointsRectsCalculator} (mediapipe/calculators/util/alignment_points_to_rects_calculator.cc):
     * a square centred on keypoint {@code start} whose side is twice the distance to keypoint {@code end}.
     */
    public static RotatedRect fromAlignmentPoints(Detection d, int start, int end, float targetAngle) {
        Point c = keypoint(d, start);
        Point s = keypoint(d, end);
        float size = (float) Math.sqrt((s.x() - c.x()) * (s.x() - c.x()) + (s.y() - c.y()) * (s.y() - c.y())) * 2f;
        return new RotatedRect(c.x(), c.y(), size, size, rotation(d, start, end, targetAngle));
    }

    private static Point keypoint(Detection d, int i) {
        if (i < 0 || i >= d.keypoints().size()) {
            throw new IllegalArgumentException("detection has " + d.keypoints().size() + " keypoints, needs #" + i);
        }
        return d.keypoints().get(i);
    }

    private static float rotation(Detection d, int start, int end, float targetAngle) {
        Point p0 = keypoint(d, start);
        Point p1 = keypoint(d, end);
        return normalizeRadians(targetAngle - (float) Math.atan2(-(p1.y() - p0.y()), p1.x() - p0.x()));
    }

    /**
     * {@code RectTransformationCalculator::TransformNormalizedRect}
     * (mediapipe/calculators/util/rect_transformation_calculator.cc): shift along the rectangle's own axes by a
     * fraction of its size, optionally square it on its long side, then scale it.
     */
    public static RotatedRect transform(RotatedRect r, float scaleX, float scaleY, float shiftX, float shiftY,
            boolean squareLong) {
        float w = r.width();
        float h = r.height();
        float rot = r.rotation();
        float cx;
        float cy;
        if (rot == 0f) {
            cx = r.centerX() + w * shiftX;
            cy = r.centerY() + h * shiftY;
        } else {
            float c = (float) Math.cos(rot);
            float s = (float) Math.sin(rot);
            cx = r.centerX() + w * shiftX * c - h * shiftY * s;
            cy = r.centerY() + w * shiftX * s + h * shiftY * c;
        }
        if (squareLong) {
            float side = Math.max(w, h);
            w = side;
            h = side;
        }
        return new RotatedRect(cx, cy, w * scaleX, h * scaleY, rot);
    }

    /** Wraps an angle into [-pi, pi), MediaPipe's {@code NormalizeRadians}. */
    public static float normalizeRadians(float angle) {
        return (float) (angle - 2 * Math.PI * Math.floor((angle - (-Math.PI)) / (2 * Math.PI)));
    }
}
