package dev.jlite.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OfficialInterpreterTest {

    private static final String FACE = "face_detection_short_range.tflite";

    @Test
    void loadsTheNativeLibrary() {
        assertTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter.unavailableReason());
    }

    @Test
    void runsFaceDetectionWithAndWithoutXnnpack() {
        float[] input = randomImage(128 * 128 * 3, 1);
        Object[] builtin = OfficialInterpreter.run(ModelFiles.load(FACE), false, (Object) input);
        Object[] xnnpack = OfficialInterpreter.run(ModelFiles.load(FACE), true, (Object) input);

        assertEquals(2, builtin.length);
        float[] boxes = (float[]) builtin[0];
        float[] scores = (float[]) builtin[1];
        assertEquals(896 * 16, boxes.length);
        assertEquals(896, scores.length);
        assertTrue(maxAbs(boxes) > 0, "boxes are not all zero");
        // The two kernel sets compute the same function; they only round differently.
        assertTrue(Compare.maxRelativeError((float[]) xnnpack[0], boxes) < 1e-3);
        assertTrue(Compare.maxRelativeError((float[]) xnnpack[1], scores) < 1e-3);
        // Deterministic: the same input gives the same output.
        Object[] again = OfficialInterpreter.run(ModelFiles.load(FACE), false, (Object) input);
        assertArrayEquals(boxes, (float[]) again[0]);
    }

    @Test
    void instanceApiReportsShapesAndRunsRepeatedly() {
        try (OfficialInterpreter official = new OfficialInterpreter(ModelFiles.load(FACE), 2, true)) {
            assertEquals(1, official.inputCount());
            assertEquals(2, official.outputCount());
            assertArrayEquals(new int[] {1, 128, 128, 3}, official.inputShape(0));
            assertArrayEquals(new int[] {1, 896, 16}, official.outputShape(0));
            assertArrayEquals(new int[] {1, 896, 1}, official.outputShape(1));

            float[] image = randomImage(128 * 128 * 3, 2);
            ByteBuffer in = direct(official.inputByteSize(0));
            in.asFloatBuffer().put(image);
            ByteBuffer[] outs = {direct(official.outputByteSize(0)), direct(official.outputByteSize(1))};
            official.run(new ByteBuffer[] {in}, outs);
            float[] first = new float[896];
            outs[1].asFloatBuffer().get(first);
            official.run(new ByteBuffer[] {in}, outs);
            float[] second = new float[896];
            outs[1].asFloatBuffer().get(second);

            assertArrayEquals(first, second);
            float[] reference = (float[]) OfficialInterpreter.run(ModelFiles.load(FACE), true, (Object) image)[1];
            assertTrue(Compare.maxRelativeError(second, reference) < 1e-3);
        }
    }

    @Test
    void rejectsInputsOfTheWrongTypeOrSize() {
        ByteBuffer model = ModelFiles.load(FACE);
        assertThrows(IllegalArgumentException.class, () -> OfficialInterpreter.run(model, false, (Object) new float[3]));
        assertThrows(IllegalArgumentException.class,
                () -> OfficialInterpreter.run(model, false, (Object) new int[128 * 128 * 3]));
        assertThrows(IllegalArgumentException.class, () -> OfficialInterpreter.run(model, false));
    }

    static float[] randomImage(int n, long seed) {
        Random random = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
