package dev.jlite.tasks.processing;

import dev.jlite.tasks.BoundingBox;
import dev.jlite.tasks.Detection;
import dev.jlite.tasks.Point;
import dev.jlite.tasks.RotatedRect;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps results normalized to a model input back to image pixels through the (padded) ROI the input was cut from:
 * MediaPipe's {@code DetectionProjectionCalculator} / {@code DetectionLetterboxRemovalCalculator} for detections and
 * {@code LandmarkLetterboxRemovalCalculator} + {@code LandmarkProjectionCalculator} for landmarks. Projecting through
 * the padded ROI is the same as removing the letterbox and projecting through the unpadded one.
 */
public final class Projection {

    private Projection() {
    }

    /**
     * A detection in image pixels: the box is the axis-aligned hull of its four projected corners (exact when the
     * ROI is not rotated, which is the case for every full-image detector here).
     */
    public static Detection detection(RawDetection d, RotatedRect paddedRoi, String label) {
        Point[] corners = {
            paddedRoi.toImage(d.xmin(), d.ymin()), paddedRoi.toImage(d.xmax(), d.ymin()),
            paddedRoi.toImage(d.xmax(), d.ymax()), paddedRoi.toImage(d.xmin(), d.ymax())
        };
        float left = Float.MAX_VALUE;
        float top = Float.MAX_VALUE;
        float right = -Float.MAX_VALUE;
        float bottom = -Float.MAX_VALUE;
        for (Point p : corners) {
            left = Math.min(left, p.x());
            top = Math.min(top, p.y());
            right = Math.max(right, p.x());
            bottom = Math.max(bottom, p.y());
        }
        List<Point> keypoints = new ArrayList<>(d.keypointCount());
        for (int k = 0; k < d.keypointCount(); k++) {
            keypoints.add(paddedRoi.toImage(d.keypointX(k), d.keypointY(k)));
        }
        return new Detection(new BoundingBox(left, top, right, bottom), d.score(), d.classId(), label, keypoints);
    }
}
