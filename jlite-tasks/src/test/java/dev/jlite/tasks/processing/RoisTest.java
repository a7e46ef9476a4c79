package dev.jlite.tasks.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.tasks.BoundingBox;
import dev.jlite.tasks.Detection;
import dev.jlite.tasks.Point;
import dev.jlite.tasks.RotatedRect;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoisTest {
    private static final float HALF_PI = (float) (Math.PI / 2);

    private static Detection palm(Point wrist, Point middle) {
        return new Detection(new BoundingBox(10, 20, 50, 40), 0.9f, 0, "palm", List.of(wrist, new Point(0, 0),
                middle));
    }

    @Test
    void rotationAlignsTheKeypointVectorWithTheTarget() {
        // Fingers up (middle MCP above the wrist, y down): no rotation for a 90 degree target.
        RotatedRect up = Rois.fromBox(palm(new Point(30, 40), new Point(30, 20)), 0, 2, HALF_PI);
        assertThat(up.rotation()).isCloseTo(0, within(1e-6f));
        assertThat(up.centerX()).isEqualTo(30);
        assertThat(up.centerY()).isEqualTo(30);
        assertThat(up.width()).isEqualTo(40);
        assertThat(up.height()).isEqualTo(20);
        // Fingers pointing right: the rectangle turns a quarter clockwise on screen.
        RotatedRect right = Rois.fromBox(palm(new Point(30, 40), new Point(50, 40)), 0, 2, HALF_PI);
        assertThat(right.rotation()).isCloseTo(HALF_PI, within(1e-6f));
        // Fingers down: half a turn, wrapped into [-pi, pi).
        RotatedRect down = Rois.fromBox(palm(new Point(30, 20), new Point(30, 40)), 0, 2, HALF_PI);
        assertThat(down.rotation()).isCloseTo((float) -Math.PI, within(1e-6f));
    }

    @Test
    void transformShiftsAlongTheRotatedAxesThenSquaresAndScales() {
        RotatedRect r = new RotatedRect(100, 100, 40, 20, HALF_PI);
        // Palm graph: scale 2.6, shift_y -0.5, square_long. Shift -0.5 * 20 along the rect's y axis, which points
        // to -x on screen after the quarter turn: the centre moves +10 in x.
        RotatedRect t = Rois.transform(r, 2.6f, 2.6f, 0, -0.5f, true);
        assertThat(t.centerX()).isCloseTo(110, within(1e-4f));
        assertThat(t.centerY()).isCloseTo(100, within(1e-4f));
        assertThat(t.width()).isCloseTo(104, within(1e-4f));
        assertThat(t.height()).isCloseTo(104, within(1e-4f));
        assertThat(t.rotation()).isEqualTo(HALF_PI);
        RotatedRect straight = Rois.transform(new RotatedRect(100, 100, 40, 20, 0), 1.5f, 1.5f, 0.25f, 0, false);
        assertThat(straight.centerX()).isEqualTo(110);
        assertThat(straight.width()).isEqualTo(60);
        assertThat(straight.height()).isEqualTo(30);
    }

    @Test
    void alignmentPointsMakeASquareAroundTheCentrePoint() {
        Detection pose = new Detection(new BoundingBox(0, 0, 1, 1), 0.9f, 0, "person",
                List.of(new Point(100, 200), new Point(100, 120)));
        RotatedRect r = Rois.fromAlignmentPoints(pose, 0, 1, HALF_PI);
        assertThat(r.centerX()).isEqualTo(100);
        assertThat(r.centerY()).isEqualTo(200);
        assertThat(r.width()).isEqualTo(160);
        assertThat(r.height()).isEqualTo(160);
        assertThat(r.rotation()).isCloseTo(0, within(1e-6f));
    }

    @Test
    void normalizeRadians() {
        assertThat(Rois.normalizeRadians((float) (3 * Math.PI / 2))).isCloseTo(-HALF_PI, within(1e-6f));
        assertThat(Rois.normalizeRadians(-HALF_PI)).isCloseTo(-HALF_PI, within(1e-6f));
        assertThat(Rois.normalizeRadians((float) Math.PI)).isCloseTo((float) -Math.PI, within(1e-6f));
    }
}
