package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;
import java.util.Arrays;

/**
 * RESIZE_BILINEAR on FLOAT32 as TensorFlow Lite's reference kernel. Output index i reads source position
 * {@code v = i * scale} ({@code (i + 0.5) * scale - 0.5} with half_pixel_centers), between {@code max(floor(v), 0)}
 * and {@code min(ceil(v), size - 1)} with weight {@code v - floor} on the upper one. Near the leading edge with
 * half_pixel_centers, v is negative and both neighbours are pixel 0, so the (extrapolating) weights cancel.
 *
 * <p>Computed separably: each needed input row is interpolated horizontally once into a two-row cache, and output
 * rows blend two cached rows, so upscaling reuses each horizontal pass for several output rows. Rows are split
 * across the interpreter's threads, each with its own cache in the scratch array.
 */
final class ResizeBilinearKernel extends ResizeKernel {
    private static final int OPTIONS_TYPE = 15;

    private int[] rowLow;
    private int[] rowHigh;
    private float[] rowWeight;
    private int[] columnLow;
    private int[] columnHigh;
    private float[] columnWeight;
    private int parts;
    private float[] ownBuffer = new float[0];
    /** Whether the row blends run as vectors; {@link #simdChannels}: also the horizontal pass, per pixel. */
    private boolean simd;
    private boolean simdChannels;
    /**
     * Half a vector of channels (8 with 512-bit vectors): the horizontal pass runs two pixels per vector, with each
     * output value's weight in {@code pairWeight}. Null otherwise.
     */
    private float[] pairWeight;

    // The running node's arrays, set before each parallel loop so the loop body captures nothing.
    private float[] src;
    private int srcOffset;
    private float[] dst;
    private int dstOffset;
    private float[] cache;
    private final ThreadPool.RangeTask task = this::runParts;

    ResizeBilinearKernel() {
        super(OPTIONS_TYPE, 2, 3);
    }

    @Override
    protected void checkNode(Node node) {
        super.checkNode(node);
        if (node.input(0).dataType() != DataType.FLOAT32) {
            throw node.error("RESIZE_BILINEAR supports FLOAT32, not " + node.input(0).dataType());
        }
        if (alignCorners && halfPixelCenters) {
            throw node.error("align_corners and half_pixel_centers cannot both be true");
        }
    }

    @Override
    protected void planIndices(Node node) {
        float hScale = scale(inHeight, outHeight);
        float wScale = scale(inWidth, outWidth);
        rowLow = new int[outHeight];
        rowHigh = new int[outHeight];
        rowWeight = new float[outHeight];
        interpolation(hScale, inHeight, rowLow, rowHigh, rowWeight);
        columnLow = new int[outWidth];
        columnHigh = new int[outWidth];
        columnWeight = new float[outWidth];
        interpolation(wScale, inWidth, columnLow, columnHigh, columnWeight);
        for (int x = 0; x < outWidth; x++) {
            columnLow[x] *= depth;
            columnHigh[x] *= depth;
        }
        simd = Vectorization.use(node);
        simdChannels = simd && depth % BilinearSimd.length() == 0;
        pairWeight = null;
        if (simd && 2 * depth == BilinearSimd.length()) {
            // The pose landmark models' 128x128x8 -> 256x256x8 upsampling, whose scalar pass over 8 channels per
            // pixel took most of its 0.32-0.48 ms (1.05-1.23x XNNPACK's time in OpBench). Gathering the lanes
            // instead (FloatVector.fromArray with an index map) doubled it on JDK 17.
            pairWeight = new float[outWidth * depth];
            for (int x = 0; x < outWidth; x++) {
                Arrays.fill(pairWeight, x * depth, (x + 1) * depth, columnWeight[x]);
            }
        }
        int rows = batches * outHeight;
        long rowLength = (long) outWidth * depth;
        // A part should be worth waking a thread for: at least about 16k output values.
        long wanted = Math.max(1, Math.min(node.threads().size(), rows * rowLength / 16384));
        parts = (int) Math.min(wanted, Math.max(1, rows));
        long need = 2L * parts * rowLength;
        if (need > Integer.MAX_VALUE) {
            throw node.error("output rows are too long");
        }
        node.requestScratch((int) need);
    }

    /** TensorFlow Lite's {@code ComputeInterpolationValues} for every output index. */
    private void interpolation(float scale, int inSize, int[] low, int[] high, float[] weight) {
        for (int i = 0; i < low.length; i++) {
            float v = halfPixelCenters ? (i + 0.5f) * scale - 0.5f : i * scale;
            float floor = (float) Math.floor(v);
            low[i] = Math.max((int) floor, 0);
            high[i] = Math.min((int) Math.ceil(v), inSize - 1);
            weight[i] = v - low[i];
        }
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        int need = 2 * parts * outWidth * depth;
        float[] scratch = node.scratch();
        if (scratch.length < need) {
            // Planned while running: the shared scratch was sized before this shape was known.
            if (ownBuffer.length < need) {
                ownBuffer = new float[need];
            }
            scratch = ownBuffer;
        }
        src = in.floats();
        srcOffset = in.offset();
        dst = out.floats();
        dstOffset = out.offset();
        cache = scratch;
        try {
            if (parts == 1) {
                runParts(0, 1);
            } else {
                node.threads().parallelFor(parts, task);
            }
        } finally {
            src = null;
            dst = null;
            cache = null;
        }
    }

    private void runParts(int fromPart, int toPart) {
        int rows = batches * outHeight;
        for (int p = fromPart; p < toPart; p++) {
            runRows((int) ((long) rows * p / parts), (int) ((long) rows * (p + 1) / parts), p);
        }
    }

    /** Output rows {@code [from, to)} (counted over batches), with cache slots {@code 2 * part} and the next. */
    private void runRows(int from, int to, int part) {
        int rowLength = outWidth * depth;
        int inRow = inWidth * depth;
        int key0 = -1;
        int key1 = -1;
        int slotBase = 2 * part * rowLength;
        for (int r = from; r < to; r++) {
            int b = r / outHeight;
            int y = r - b * outHeight;
            int k0 = b * inHeight + rowLow[y];
            int k1 = b * inHeight + rowHigh[y];
            int s0 = key0 == k0 ? 0 : key1 == k0 ? 1 : -1;
            if (s0 < 0) {
                s0 = key0 == k1 ? 1 : 0;
                horizontal(srcOffset + k0 * inRow, slotBase + s0 * rowLength);
                if (s0 == 0) {
                    key0 = k0;
                } else {
                    key1 = k0;
                }
            }
            int s1 = k1 == k0 ? s0 : key0 == k1 ? 0 : key1 == k1 ? 1 : -1;
            if (s1 < 0) {
                s1 = 1 - s0;
                horizontal(srcOffset + k1 * inRow, slotBase + s1 * rowLength);
                if (s1 == 0) {
                    key0 = k1;
                } else {
                    key1 = k1;
                }
            }
            float[] c = cache;
            float[] o = dst;
            int a = slotBase + s0 * rowLength;
            int h = slotBase + s1 * rowLength;
            int dp = dstOffset + r * rowLength;
            float w = rowWeight[y];
            if (simd && SimdSwitch.on()) {
                BilinearSimd.blend(c, a, h, w, o, dp, rowLength);
                continue;
            }
            for (int i = 0; i < rowLength; i++) {
                float top = c[a + i];
                o[dp + i] = top + w * (c[h + i] - top);
            }
        }
    }

    /** Interpolates one input row (starting at {@code rowBase} in the source) along x into {@code cache[at..]}. */
    private void horizontal(int rowBase, int at) {
        float[] s = src;
        float[] c = cache;
        int d = depth;
        if (simdChannels && SimdSwitch.on()) {
            BilinearSimd.horizontal(s, rowBase, columnLow, columnHigh, columnWeight, d, c, at);
            return;
        }
        int x = 0;
        if (pairWeight != null && SimdSwitch.on()) {
            // The scalar loop below then takes the pixels the pairs left: an odd last one, or pairs whose loads would
            // leave the array.
            x = BilinearSimd.horizontalPairs(s, rowBase, columnLow, columnHigh, pairWeight, c, at);
            at += x * d;
        }
        for (; x < outWidth; x++, at += d) {
            int lo = rowBase + columnLow[x];
            int hi = rowBase + columnHigh[x];
            float w = columnWeight[x];
            for (int ch = 0; ch < d; ch++) {
                float left = s[lo + ch];
                c[at + ch] = left + w * (s[hi + ch] - left);
            }
        }
    }
}
