package dev.jlite.tasks.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorsToDetectionsTest {

    @Test
    void decodesBlazeFaceRowsAgainstAnchors() {
        DecoderOptions o = DecoderOptions.faceDetection(896, 128, 0.5f);
        Anchor[] anchors = SsdAnchors.generate(AnchorOptions.faceDetectionShortRange());
        float[] boxes = new float[896 * 16];
        float[] scores = new float[896];
        Arrays.fill(scores, -10f);
        // Anchor 600 (second block): centre shifted +12.8 px in x (0.1), -6.4 px in y (-0.05); 64x32 px box.
        int i = 600;
        scores[i] = 2f;
        float[] row = {12.8f, -6.4f, 64f, 32f, 0f, 0f, 25.6f, 12.8f, -12.8f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
        System.arraycopy(row, 0, boxes, i * 16, 16);
        List<RawDetection> d = TensorsToDetections.decode(boxes, scores, anchors, o);
        assertThat(d).hasSize(1);
        RawDetection r = d.get(0);
        Anchor a = anchors[i];
        assertThat(r.score()).isCloseTo((float) (1 / (1 + Math.exp(-2))), within(1e-6f));
        assertThat(r.classId()).isZero();
        assertThat(r.xmin()).isCloseTo(a.xCenter() + 0.1f - 0.25f, within(1e-6f));
        assertThat(r.ymin()).isCloseTo(a.yCenter() - 0.05f - 0.125f, within(1e-6f));
        assertThat(r.width()).isCloseTo(0.5f, within(1e-6f));
        assertThat(r.height()).isCloseTo(0.25f, within(1e-6f));
        assertThat(r.keypointCount()).isEqualTo(6);
        assertThat(r.keypointX(0)).isCloseTo(a.xCenter(), within(1e-6f));
        assertThat(r.keypointX(1)).isCloseTo(a.xCenter() + 0.2f, within(1e-6f));
        assertThat(r.keypointY(1)).isCloseTo(a.yCenter() + 0.1f, within(1e-6f));
        assertThat(r.keypointX(2)).isCloseTo(a.xCenter() - 0.1f, within(1e-6f));
    }

    @Test
    void thresholdAndClipping() {
        DecoderOptions o = DecoderOptions.faceDetection(896, 128, 0.5f);
        Anchor[] anchors = SsdAnchors.generate(AnchorOptions.faceDetectionShortRange());
        float[] boxes = new float[896 * 16];
        float[] scores = new float[896];
        Arrays.fill(scores, -0.01f); // sigmoid just under 0.5: all filtered
        scores[3] = 1e6f; // clipped to 100 before the sigmoid: score 1, not NaN
        boxes[3 * 16 + 2] = 10;
        boxes[3 * 16 + 3] = 10;
        scores[7] = 5f; // negative width: dropped
        boxes[7 * 16 + 2] = -10;
        List<RawDetection> d = TensorsToDetections.decode(boxes, scores, anchors, o);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).score()).isEqualTo(1f);
        assertThat(TensorsToDetections.decode(boxes, scores, anchors, o.withMinScoreThresh(0.49f))).hasSize(895);
    }

    @Test
    void decodesSsdYxhwWithExponentialSizesAndSkipsBackground() {
        DecoderOptions o = DecoderOptions.ssdMobileNetV2Oid(3, 0.5f);
        Anchor[] anchors = SsdAnchors.generate(AnchorOptions.ssdMobileNetV2Oid());
        float[] boxes = new float[1917 * 4];
        float[] scores = new float[1917 * 3];
        Arrays.fill(scores, -20f);
        int i = 1911; // last layer, anchor 0.95 x 0.95 at the centre
        scores[i * 3] = 50f; // background: ignored even though it is the highest
        scores[i * 3 + 2] = 1f;
        scores[i * 3 + 1] = 0.5f;
        // y offset 1 -> +0.1 * h; x offset -2 -> -0.2 * w; h = exp(0) * h; w = exp(ln 2) * w.
        boxes[i * 4] = 1f;
        boxes[i * 4 + 1] = -2f;
        boxes[i * 4 + 2] = 0f;
        boxes[i * 4 + 3] = (float) (5 * Math.log(2));
        List<RawDetection> d = TensorsToDetections.decode(boxes, scores, anchors, o);
        assertThat(d).hasSize(1);
        RawDetection r = d.get(0);
        assertThat(r.classId()).isEqualTo(2);
        assertThat(r.score()).isCloseTo((float) (1 / (1 + Math.exp(-1))), within(1e-6f));
        float xc = 0.5f - 0.2f * 0.95f;
        float yc = 0.5f + 0.1f * 0.95f;
        assertThat(r.width()).isCloseTo(1.9f, within(1e-5f));
        assertThat(r.height()).isCloseTo(0.95f, within(1e-5f));
        assertThat(r.xmin()).isCloseTo(xc - 0.95f, within(1e-5f));
        assertThat(r.ymin()).isCloseTo(yc - 0.475f, within(1e-5f));
    }

    @Test
    void decodesPalmAndPoseKeypointsWithTheirScales() {
        record Case(AnchorOptions anchors, DecoderOptions decoder, float inputSize) {
        }
        for (Case c : List.of(new Case(AnchorOptions.palmDetection(), DecoderOptions.palmDetection(0.5f), 192),
                new Case(AnchorOptions.poseDetection(), DecoderOptions.poseDetection(0.5f), 224))) {
            DecoderOptions o = c.decoder();
            Anchor[] anchors = SsdAnchors.generate(c.anchors());
            float[] boxes = new float[o.numBoxes() * o.numCoords()];
            float[] scores = new float[o.numBoxes()];
            Arrays.fill(scores, -5f);
            int i = o.numBoxes() - 1;
            scores[i] = 0.5f;
            int row = i * o.numCoords();
            boxes[row + 2] = c.inputSize() / 4; // a box a quarter of the input wide and high
            boxes[row + 3] = c.inputSize() / 4;
            for (int k = 0; k < o.numKeypoints(); k++) {
                boxes[row + 4 + 2 * k] = k * c.inputSize() / 100; // keypoint k at +k/100 in x, -k/50 in y
                boxes[row + 5 + 2 * k] = -k * c.inputSize() / 50;
            }
            List<RawDetection> d = TensorsToDetections.decode(boxes, scores, anchors, o);
            assertThat(d).hasSize(1);
            RawDetection r = d.get(0);
            Anchor a = anchors[i];
            assertThat(r.width()).isCloseTo(0.25f, within(1e-6f));
            assertThat(r.xmin()).isCloseTo(a.xCenter() - 0.125f, within(1e-6f));
            assertThat(r.keypointCount()).isEqualTo(o.numKeypoints());
            for (int k = 0; k < o.numKeypoints(); k++) {
                assertThat(r.keypointX(k)).isCloseTo(a.xCenter() + k / 100f, within(1e-5f));
                assertThat(r.keypointY(k)).isCloseTo(a.yCenter() - k / 50f, within(1e-5f));
            }
        }
    }

    @Test
    void rejectsMismatchedInputs() {
        DecoderOptions o = DecoderOptions.palmDetection(0.5f);
        Anchor[] face = SsdAnchors.generate(AnchorOptions.faceDetectionShortRange());
        assertThatThrownBy(() -> TensorsToDetections.decode(new float[2016 * 18], new float[2016], face, o))
                .hasMessageContaining("896 anchors for 2016 boxes");
        assertThatThrownBy(() -> new DecoderOptions(1, 10, 16, 0, 4, 7, DecoderOptions.BoxFormat.XYWH, 1, 1, 1, 1,
                false, true, 100, 0.5f, false)).hasMessageContaining("num_coords");
    }
}
