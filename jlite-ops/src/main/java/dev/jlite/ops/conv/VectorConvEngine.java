package dev.jlite.ops.conv;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API inner loops. {@link #convolve} is register-blocked: a tile of 4 output pixels times 3 vectors of
 * output channels is accumulated in 12 vector registers while the loop runs over taps and input channels, so each
 * weight vector loaded serves 4 pixels and each broadcast input serves 3 vectors; a row-major filter (few output
 * channels) is computed as inner products over input channels, 4 pixels at a time. {@link #depthwise} is
 * {@link VectorDepthwise}'s. Only loaded through {@link VectorEngineHolder}.
 */
final class VectorConvEngine implements ConvEngine {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int V = S.length();
    /**
     * Whether 4x4 tiles (16 accumulators) fit the registers: with AVX-512 (preferred species 512-bit) C2 has 32
     * vector registers, also for 256-bit vectors; with AVX2 only 16, where 4x3 tiles are the most that fit.
     */
    private static final boolean WIDE_TILES = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    /** Packed weights (floats) beyond which they are taken to overflow L1 (32 KB, with room for inputs). */
    private static final int L1_WEIGHT_FLOATS = 6 * 1024;
    /** Input floats of a chunk of pixels swept block by block: well within L2. */
    private static final int CHUNK_INPUT_FLOATS = 32 * 1024;

    /** 0, 1, 2, ...: each lane's index, to make masks of the first n lanes by a compare. */
    private static final float[] LANES = new float[V];

    static {
        for (int i = 0; i < V; i++) {
            LANES[i] = i;
        }
    }

    /** Each thread's scratch rows for {@link #convolve}'s last pixels (grown as needed, never shrunk). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    @Override
    public int channelAlignment() {
        return V;
    }

    @Override
    public int tileVectors() {
        return WIDE_TILES ? 4 : 3;
    }

    private static float[] scratch(int floats) {
        float[] s = SCRATCH.get();
        if (s.length < floats) {
            s = new float[floats];
            SCRATCH.set(s);
        }
        return s;
    }

    @Override
    public void epilogue(Epilogue e, float[] out, int outBase, int at, int pixels, int channels, int oFrom, int oTo) {
        float[] addend = e.addend;
        float[] alpha = e.alpha;
        int s = e.alphaBase;
        if (addend != null && e.addChannels < channels) {
            paddedEpilogue(e, out, outBase + at, e.addendAt(at, channels), pixels, channels, oFrom, oTo);
            return;
        }
        if (oFrom == 0 && oTo == channels && (alpha == null || channels % V == 0)) {
            // All channels: the pixels' outputs and addends are each one contiguous run, swept in one loop with at
            // most one tail shorter than a vector (only without slopes, whose vectors must not straddle pixels).
            // A loop per pixel cost a 1x1 layer of 28 channels with an ADD, 3 vectors and a 4-float tail per pixel,
            // 55-65% more than its convolution alone; this, 15% (EpilogueBench).
            int n = pixels * channels;
            int full = n / V * V;
            int o = outBase + at;
            int a = e.addBase + at;
            if (addend != null && alpha != null) {
                addClampPrelu(out, o, addend, a, e.lo, e.hi, alpha, s, 0, n, channels);
            } else if (addend != null) {
                addClamp(out, o, addend, a, e.lo, e.hi, 0, full);
                ScalarConvEngine.epilogue(e, out, o, a, full, n, n);
            } else {
                clampPrelu(out, o, e.lo, e.hi, alpha, s, 0, n, channels);
            }
            return;
        }
        // Whole vectors, then the channels past the last one in scalar code: an overlapping last vector, as the
        // tiles store, would add the addend twice. One loop per case, so that no vector merges across a branch
        // (which C2 may box).
        int full = oFrom + (oTo - oFrom) / V * V;
        for (int j = 0; j < pixels; j++) {
            int o = outBase + at + j * channels;
            int a = e.addBase + at + j * channels;
            if (addend != null && alpha != null) {
                addClampPrelu(out, o, addend, a, e.lo, e.hi, alpha, s, oFrom, full, channels);
            } else if (addend != null) {
                addClamp(out, o, addend, a, e.lo, e.hi, oFrom, full);
            } else {
                clampPrelu(out, o, e.lo, e.hi, alpha, s, oFrom, full, channels);
            }
            ScalarConvEngine.epilogue(e, out, o, a, full, oTo, oTo);
        }
    }

    /**
     * {@link #epilogue} with an addend of fewer channels than the output (a folded channel PAD), pixel by pixel from
     * {@code out[o]} and {@code addend[a]}: the addend's channels, then the zero channels (each still gets +0.0f, as
     * from the PAD). Whole pixels without slopes in vectors only ({@link #paddedPixels}); with slopes, whole vectors
     * and scalar code for the rest; a share of a pixel's channels without slopes (a thread's, where a convolution
     * splits its channels: none of the shared models' folded layers do), or under a vector, in scalar code.
     */
    private static void paddedEpilogue(Epilogue e, float[] out, int o, int a, int pixels, int channels, int oFrom,
            int oTo) {
        float[] addend = e.addend;
        float[] alpha = e.alpha;
        if (alpha == null && oFrom == 0 && oTo == channels && channels >= V) {
            paddedPixels(e, out, o, a, pixels, channels);
            return;
        }
        if (alpha == null) {
            for (int j = 0; j < pixels; j++, o += channels, a += e.addChannels) {
                ScalarConvEngine.epilogue(e, out, o, a, oFrom, oTo, e.addChannels);
            }
            return;
        }
        int s = e.alphaBase;
        int added = Math.min(oTo, e.addChannels);
        int addedFull = oFrom + Math.max(0, added - oFrom) / V * V;
        int zeroFrom = Math.max(oFrom, e.addChannels);
        int zeroFull = zeroFrom + Math.max(0, oTo - zeroFrom) / V * V;
        for (int j = 0; j < pixels; j++, o += channels, a += e.addChannels) {
            addClampPrelu(out, o, addend, a, e.lo, e.hi, alpha, s, oFrom, addedFull, channels);
            zeroClampPrelu(out, o, e.lo, e.hi, alpha, s, zeroFrom, zeroFull);
            ScalarConvEngine.epilogue(e, out, o, a, addedFull, added, added);
            ScalarConvEngine.epilogue(e, out, o, a, zeroFull, oTo, e.addChannels);
        }
    }

    /**
     * {@link #paddedEpilogue} of whole pixels without slopes, in vectors only: the pixel's last vector (ending at its
     * last channel) is loaded first and stored last, so that where it overlaps the vectors before it, it stores what
     * they did (from the same sums); at most one vector, and the last, straddle the end of the addend's channels and
     * take its lanes past them as zeros. Their addend loads may reach up to the next pixel's addend (lanes masked
     * off); a pixel where that would leave the array goes through the scalar epilogue. With scalar loops for the
     * channels past whole vectors, face_detection_short_range's 64x64 layer (24 of 28 channels) spent 0.050 ms on
     * this, against 0.013 ms for an ADD of the whole width (EpilogueBench); so, 0.031. The zero lanes come from
     * masked loads and {@code +0f}, not from a zero vector made before the loop: in about a quarter of JVMs C2 boxed
     * that vector on every call (face_detection_short_range allocated 1,680 bytes per inference).
     */
    private static void paddedPixels(Epilogue e, float[] out, int o, int a, int pixels, int channels) {
        float[] addend = e.addend;
        int addChannels = e.addChannels;
        FloatVector vlo = FloatVector.broadcast(S, e.lo);
        FloatVector vhi = FloatVector.broadcast(S, e.hi);
        FloatVector lanes = FloatVector.fromArray(S, LANES, 0);
        int t = channels - V;
        int full = Math.min(addChannels / V * V, t);
        // The vector before the last that straddles the addend's end, if any, and where the zero vectors start.
        boolean straddle = full < t && full < addChannels;
        int zeros = straddle ? full + V : full;
        VectorMask<Float> straddleMask = lanes.lt(addChannels - full);
        VectorMask<Float> lastMask = lanes.lt(addChannels - t);
        int safe = addend.length - channels;
        for (int j = 0; j < pixels; j++, o += channels, a += addChannels) {
            if (a > safe) {
                ScalarConvEngine.epilogue(e, out, o, a, 0, channels, addChannels);
                continue;
            }
            FloatVector last = FloatVector.fromArray(S, out, o + t)
                    .add(FloatVector.fromArray(S, addend, a + t, lastMask));
            last = last.blend(vlo, last.lt(vlo));
            last = last.blend(vhi, vhi.lt(last));
            for (int c = 0; c < full; c += V) {
                FloatVector v = FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, addend, a + c));
                v = v.blend(vlo, v.lt(vlo));
                v.blend(vhi, vhi.lt(v)).intoArray(out, o + c);
            }
            if (straddle) {
                FloatVector v = FloatVector.fromArray(S, out, o + full)
                        .add(FloatVector.fromArray(S, addend, a + full, straddleMask));
                v = v.blend(vlo, v.lt(vlo));
                v.blend(vhi, vhi.lt(v)).intoArray(out, o + full);
            }
            for (int c = zeros; c < t; c += V) {
                FloatVector v = FloatVector.fromArray(S, out, o + c).add(0f);
                v = v.blend(vlo, v.lt(vlo));
                v.blend(vhi, vhi.lt(v)).intoArray(out, o + c);
            }
            last.intoArray(out, o + t);
        }
    }

    /**
     * Elements {@code [from, to)} past {@code out[o]} plus 0.0f, clamped, then the slopes from {@code alpha[s + from]}
     * on (within one pixel).
     */
    private static void zeroClampPrelu(float[] out, int o, float lo, float hi, float[] alpha, int s, int from,
            int to) {
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        for (int c = from; c < to; c += V) {
            FloatVector v = FloatVector.fromArray(S, out, o + c).add(0f);
            v = v.blend(vlo, v.lt(vlo));
            v = v.blend(vhi, vhi.lt(v));
            v.blend(v.mul(FloatVector.fromArray(S, alpha, s + c)), v.lt(0f)).intoArray(out, o + c);
        }
    }

    /**
     * Elements {@code [from, to)} past {@code out[o]} and {@code addend[a]}, whose slopes start at
     * {@code alpha[s + from]} and repeat every {@code period} elements (the channels: a run of whole pixels, or
     * part of one pixel's channels).
     */
    private static void addClampPrelu(float[] out, int o, float[] addend, int a, float lo, float hi, float[] alpha,
            int s, int from, int to, int period) {
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        for (int c = from, k = from; c < to; c += V) {
            FloatVector v = FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, addend, a + c));
            v = v.blend(vlo, v.lt(vlo));
            v = v.blend(vhi, vhi.lt(v));
            v.blend(v.mul(FloatVector.fromArray(S, alpha, s + k)), v.lt(0f)).intoArray(out, o + c);
            k += V;
            k = k == period ? 0 : k;
        }
    }

    private static void addClamp(float[] out, int o, float[] addend, int a, float lo, float hi, int from, int to) {
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        for (int c = from; c < to; c += V) {
            FloatVector v = FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, addend, a + c));
            v = v.blend(vlo, v.lt(vlo));
            v.blend(vhi, vhi.lt(v)).intoArray(out, o + c);
        }
    }

    /** {@link #addClampPrelu} without an addend. */
    private static void clampPrelu(float[] out, int o, float lo, float hi, float[] alpha, int s, int from, int to,
            int period) {
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        for (int c = from, k = from; c < to; c += V) {
            FloatVector v = FloatVector.fromArray(S, out, o + c);
            v = v.blend(vlo, v.lt(vlo));
            v = v.blend(vhi, vhi.lt(v));
            v.blend(v.mul(FloatVector.fromArray(S, alpha, s + k)), v.lt(0f)).intoArray(out, o + c);
            k += V;
            k = k == period ? 0 : k;
        }
    }

    // The fused activation on a vector, TensorFlow Lite's std::min(std::max(v, lo), hi) (ScalarConvEngine.clamp), is
    // written out as two compares and blends wherever it is needed: v = v.blend(lo, v.lt(lo)); v.blend(hi, hi.lt(v)).
    // The Vector API's max and min follow Math.max, whose NaN and signed-zero rules C2 spells out in about six
    // instructions each on AVX-512 (a 3x3 depthwise layer spent a tenth of its time on them). There is deliberately
    // no helper method for it: C2 inlines a method that takes or returns a vector only as its heuristics allow (the
    // Vector API's own methods are forced inline, ours are not), and where it does not, every vector crossing the
    // call is a heap object. Such a helper, called from the clamp loop after the tiles, stayed out of line in some
    // JVMs' compilation of tiles (JFR: a compiled frame under the inlined loop): about 300 KB of garbage per
    // inference of palm_detection_lite on 2 threads. Check AllocBench, on 1 and 2 threads, after touching them.

    @Override
    public void convolve(PackedFilter f, int oFrom, int oTo, float[] in, int inBase, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        if (f.rowMajor) {
            convolveRowMajor(f, oFrom, oTo, in, inBase, inStride, tapIn, tapW, taps, out, outBase, outStride, pixels);
            return;
        }
        int oEnd = Math.min(oTo, f.channels);
        if (f.vectorMajor) {
            convolveVectorMajor(f, oFrom, oEnd, in, inBase, inStride, tapIn, tapW, taps, out, outBase, outStride,
                    pixels);
            return;
        }
        if (f.pixelPairs && taps > 1 && oFrom == 0 && oEnd == f.channels && outStride == oEnd && pixels >= 8) {
            // 24 channels, whole pixels side by side: 8 pixels at a time as pairs of three whole vectors. The last
            // group ends at the last pixel, overlapping its predecessor (whose pixels it recomputes bit for bit:
            // each lane sums the same products in the same order, whichever half of a pair its pixel is in).
            // LayerBench, both tilings alternated: hand_landmark_lite's 224x224x3 -> 24 stem 1.37-1.48x -> 0.95-0.98x
            // XNNPACK's time, face_detection_short_range's 5x5 one 1.23-1.26x -> 1.11-1.16x; but a 1x1 layer
            // (28x28x144 -> 24, one tap) 0.76x -> 0.91-1.01x against tile8x2OneTap, so not for one tap.
            for (int g = 0; g < pixels; g += 8) {
                int b = Math.min(g, pixels - 8);
                tile8x3Pairs(f, in, inBase + b * inStride, inStride, tapIn, tapW, taps, out, outBase + b * oEnd);
            }
            return;
        }
        if (VectorStemConv.convolve(f, oFrom, oEnd, in, inBase, inStride, tapIn, tapW, taps, out, outBase,
                outStride, pixels)) {
            // An RGB stem's interior row. LayerBench, alternated with the general tiles: face_landmark's 192x192x3
            // -> 16 stem 0.109-0.114 -> 0.073-0.078 ms (XNNPACK 0.087-0.095), palm_detection_lite's 5x5 -> 32
            // 1.09-1.11x -> 0.63-0.80x XNNPACK's time, SSD's 300x300x3 -> 32 1.04-1.11x -> 0.86-0.95x. Toggled in one
            // JVM: face_landmark 0.964, 0.964 and 0.958 of its time, selfie_segmentation 0.962, palm_detection_lite
            // 0.988, SSD 1.001.
            return;
        }
        // Spill groups as tall as the tiles that take the channels: 8 pixels for one vector (and for two where 32
        // registers hold their 16 accumulators, and for the one-tap blocks of spillingBlocks).
        int spillGroup = f.stride == V || WIDE_TILES && f.stride == 2 * V || spillingBlocks(f, taps) ? 8 : 4;
        if (oFrom == 0 && oEnd == f.channels && oEnd % V != 0 && outStride == oEnd && pixels >= 2 * spillGroup) {
            // Whole pixels side by side, with a channel count that ends inside a vector: the tiles compute all
            // stride channels, each pixel's padding lanes (zero weights) spilling into the next pixel's first
            // channels, which that pixel's tile stores over afterwards, instead of a narrower tile for the last
            // vector that repeats the first tiles' broadcasts for a fraction of the work (1.5-2.4x slower on 12, 28
            // and 42 channels, scalar code under 8). The last pixels, whose spill would leave the run (into another
            // thread's pixels or the next tensor), go through the same tiles into a scratch row per pixel, as wide
            // as the padded channels, and are copied out: other tiles, run only there, once per call, would stay
            // in C1 code (where every vector is a heap object) for hundreds of inferences.
            int exact = spillGroup + pixels % spillGroup;
            int spilled = pixels - exact;
            tiles(f, 0, f.stride, false, true, in, inBase, inStride, tapIn, tapW, taps, out, outBase,
                    outStride, spilled);
            float[] rows = scratch(exact * f.stride);
            int rest = inBase + spilled * inStride;
            for (int g = 0; g < exact; g += spillGroup) {
                int b = Math.min(g, exact - spillGroup);
                tiles(f, 0, f.stride, false, false, in, rest + b * inStride, inStride, tapIn, tapW, taps, rows,
                        b * f.stride, f.stride, spillGroup);
            }
            for (int j = 0; j < exact; j++) {
                System.arraycopy(rows, j * f.stride, out, outBase + (spilled + j) * outStride, oEnd);
            }
            return;
        }
        if (oEnd - oFrom < V) {
            // Narrower than one vector: the scalar loop does less work than a masked one.
            ScalarConvEngine.INSTANCE.convolve(f, oFrom, oTo, in, inBase, inStride, tapIn, tapW, taps, out, outBase,
                    outStride, pixels);
            return;
        }
        tiles(f, oFrom, oEnd, (oEnd - oFrom) % V != 0, false, in, inBase, inStride, tapIn, tapW, taps, out,
                outBase, outStride, pixels);
    }

    /**
     * Channels {@code [oFrom, oEnd)} of {@code pixels} pixels through the multi-pixel tiles, then single pixels. With
     * {@code partial} the last vector ends at {@code oEnd}, overlapping its predecessor. With {@code spill}
     * ({@code oEnd} is the filter's stride, {@code pixels} a multiple of the tile height), each pixel's channels past
     * the filter's own land in the next pixel's first ones: the channel blocks then run from the last to the first,
     * so that within a group of pixels the first block stores over what the last one spilled, and a group's last
     * pixel spills into the next group, stored later.
     * The clamp after a tile reads back exactly the vectors the tile stored, spilled lanes included (clamped twice
     * or stored over later, either way unchanged): a load that straddles two recent stores cannot take its data from
     * the store buffer and waits for both to reach L1. Clamping only up to the filter's channels (a last vector
     * overlapping its predecessor) cost a 64x64x16 -> 72 1x1 layer 17% of its time, a 24-channel stem 8%.
     */
    private static void tiles(PackedFilter f, int oFrom, int oEnd, boolean partial, boolean spill,
            float[] in, int inBase, int inStride, int[] tapIn, int[] tapW, int taps, float[] out, int outBase,
            int outStride, int pixels) {
        // Single pixels' channel blocks: triples of vectors, a pair, a single, then a last vector ending exactly at
        // oEnd, which overlaps its predecessor (recomputing a few channels bit for bit) instead of storing through
        // a mask.
        int triplesEnd = oFrom + (oEnd - oFrom) / (3 * V) * 3 * V;
        boolean pair = triplesEnd + 2 * V <= oEnd;
        int pairEnd = pair ? triplesEnd + 2 * V : triplesEnd;
        boolean single = pairEnd + V <= oEnd;
        int singleEnd = single ? pairEnd + V : pairEnd;
        boolean last = singleEnd < oEnd;
        // Four pixels at a time: blocks of up to 4 vectors where 32 vector registers hold 16 accumulators (else 3),
        // as even as possible (5 vectors: 3 + 2, not 4 + 1); the last vector may overlap its predecessor, ending
        // at oEnd.
        int vectors = (oEnd - oFrom + V - 1) / V;
        int wide = WIDE_TILES ? 4 : 3;
        int blocks = (vectors + wide - 1) / wide;
        int big = (vectors + blocks - 1) / blocks;
        int bigBlocks = vectors - blocks * (big - 1);
        int j = 0;
        // The expansions of MobileNet-style blocks (16 -> 96, 24 -> 144 channels, 1x1) also take 8-pixel tiles (of
        // three vectors, see tile8x3OneTap; before it, of two vectors and one), not 4-pixel tiles of three. 8-pixel
        // tiles of two and 4-pixel tiles of three toggled in one JVM: SSD's 150x150x16 -> 96 layer 0.96 -> 0.80 ms
        // (XNNPACK 0.87), hand_landmark_lite's 56x56x16 -> 96 0.81x, 75x75x24 -> 144 0.88x, 28x28x24 -> 144 0.82x. Not
        // 4 vectors (112x112x16 -> 64: 1.07x, the 4x4 tile is better) nor 12 (38x38x32 -> 192: 1.07x). Three
        // vectors too (48 channels, 1x1): LayerBench, toggled in alternate JVMs, twice each,
        // face_detection_full_range's 48x48x12 -> 48 1.63, 1.67x -> 1.10, 1.13x XNNPACK's time, pose_landmark_full's
        // 64x64x24 -> 48 1.33, 1.28x -> 0.94, 1.02x and 32x32x32 -> 48 1.25, 1.27x -> 0.87, 0.97x.
        boolean triples = WIDE_TILES && !spill && taps == 1 && (vectors == 3 || vectors == 6 || vectors == 9)
                && (long) f.depth * vectors * V <= L1_WEIGHT_FLOATS;
        if (spill && spillingBlocks(f, taps)) {
            // 3, 5 or 6 vectors whose last spills (1x1 layers of 33-48 and 65-96 channels): 8-pixel tiles of three
            // vectors and, past them, of two or three, the last block first over all the groups, so that the first
            // stores over what the last spilled into each next pixel (the pixels are whole 8-pixel spill groups, see
            // convolve). LayerBench against 4-pixel tiles of three and two vectors: selfie_segmentation's 64x64x16
            // -> 72 2.00-2.20x -> 1.25-1.32x XNNPACK's time, pose_landmark_lite's 64x64x32 -> 39 1.84-1.92x ->
            // 0.96-0.99x. (Not 4 vectors, where the 4-pixel tile of four is as good: 16x16x48 -> 56 0.92x -> 1.00x.)
            int groups = pixels / 8;
            int a = inBase + tapIn[0];
            int wb = f.base + tapW[0];
            if (vectors == 6) {
                tile8x3OneTap(f, oFrom + 3 * V, in, a, inStride, wb, out, outBase, outStride, groups);
            } else if (vectors == 5) {
                tile8x2OneTap(f, oFrom + 3 * V, in, a, inStride, wb, out, outBase, outStride, groups);
            }
            tile8x3OneTap(f, oFrom, in, a, inStride, wb, out, outBase, outStride, groups);
            return;
        }
        if (!partial && pixels >= 8 && (WIDE_TILES && vectors == 2 || vectors == 1 || triples)) {
            // Two vectors of channels (16 with 256-bit vectors: many first layers and narrow 1x1 convolutions), or one
            // (the pose landmark models' 256x256x8 layers): 8 pixels, so each weight vector loaded serves 8 FMAs
            // instead of 4, and one vector's 8 accumulators make 8 independent chains of FMAs (4 chains of a 4-cycle
            // FMA keep at most one of the two FMA units busy): a 256x256x8 -> 8 1x1 layer took 2.1x XNNPACK's time in
            // 4-pixel tiles, 0.9x in these. The last tile ends at the last pixel, overlapping its predecessor (whose
            // pixels it recomputes bit for bit, as every tile sums the taps in the same order): 4-pixel and
            // single-pixel tiles would run here only once per call, so rarely that the JIT left them interpreted or in
            // C1 code for a minute, where every vector operation allocates. With spilling channels the pixels are a
            // whole number of 8-pixel spill groups (see convolve), so no tile overlaps another.
            // Single-tap tiles take a whole run of 8-pixel groups per call, one block of channels after the other: the
            // call, the bias and the clamp bounds are set up once per run instead of once per group, which a 1x1 layer
            // of few input channels paid every 8 pixels (LayerBench against the build before it: hand_landmark_full's
            // 112x112x24 -> 16 1.25, 1.52, 1.27x -> 1.24, 1.18, 1.33x XNNPACK's time, a small gain; the 6- and 9-vector
            // expansions, whose blocks now each sweep the pixels in turn, unchanged). Spilling channels are one block
            // (one or two vectors), whose groups still run in order, each storing over its predecessor's spill.
            int groups = taps == 1 ? pixels / 8 : 0;
            if (groups > 0) {
                oneTapGroups(f, oFrom, oEnd, triples, in, inBase + tapIn[0], inStride, f.base + tapW[0], out,
                        outBase, outStride, groups);
            }
            for (int g = 8 * groups; g < pixels; g += 8) {
                int b = spill ? g : Math.min(g, pixels - 8);
                int a = inBase + b * inStride;
                int o = outBase + b * outStride;
                if (taps == 1) {
                    oneTapGroups(f, oFrom, oEnd, triples, in, a + tapIn[0], inStride, f.base + tapW[0], out, o,
                            outStride, 1);
                } else if (vectors == 1) {
                    tile8x1(f, oFrom, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
                } else {
                    tile8x2(f, oFrom, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
                }
                if (f.clamp && taps != 1) {
                    clamp(f, out, o, outStride, 8, oFrom, oEnd);
                }
            }
            j = pixels;
        }
        // Groups of 4 pixels. When the weights of all blocks overflow L1, sweep a chunk of groups block by block, so
        // one block's weights stay in L1 while they serve the whole chunk instead of being reloaded from L2 for every
        // group (pixel by pixel, a 7x7x192 -> 1152 layer streamed its 884 KB of weights 12 times).
        int perPixel = Math.max(1, taps * f.depth);
        if (blocks > 1 && (long) perPixel * vectors * V > L1_WEIGHT_FLOATS) {
            int quads = (pixels - j) / 4;
            int chunk = Math.max(1, CHUNK_INPUT_FLOATS / (4 * perPixel));
            for (int q0 = 0; q0 < quads; q0 += chunk) {
                int first = j + 4 * q0;
                int end = j + 4 * Math.min(quads, q0 + chunk);
                for (int i = 0; i < blocks; i++) {
                    int b = spill ? blocks - 1 - i : i;
                    int k = b < bigBlocks ? big : big - 1;
                    int ob = oFrom + blockStart(b, big, bigBlocks) * V;
                    boolean lastBlock = b == blocks - 1;
                    blockQuads(f, ob, k, lastBlock && partial, oEnd, lastBlock ? oEnd : ob + k * V, in,
                            inBase + first * inStride, inStride, tapIn, tapW, taps, out, outBase + first * outStride,
                            outStride, (end - first) / 4);
                }
            }
            j += 4 * quads;
        } else if (blocks == 1) {
            // One block: all groups in one sweep.
            int quads = (pixels - j) / 4;
            blockQuads(f, oFrom, big, partial, oEnd, oEnd, in, inBase + j * inStride, inStride, tapIn, tapW, taps,
                    out, outBase + j * outStride, outStride, quads);
            j += 4 * quads;
        } else {
            for (; j + 4 <= pixels; j += 4) {
                for (int i = 0; i < blocks; i++) {
                    int b = spill ? blocks - 1 - i : i;
                    int k = b < bigBlocks ? big : big - 1;
                    int ob = oFrom + blockStart(b, big, bigBlocks) * V;
                    boolean lastBlock = b == blocks - 1;
                    blockQuads(f, ob, k, lastBlock && partial, oEnd, lastBlock ? oEnd : ob + k * V, in,
                            inBase + j * inStride, inStride, tapIn, tapW, taps, out, outBase + j * outStride, outStride,
                            1);
                }
            }
        }
        for (; j < pixels; j++) {
            int a = inBase + j * inStride;
            int o = outBase + j * outStride;
            for (int ob = oFrom; ob < triplesEnd; ob += 3 * V) {
                tile1x3(f, ob, in, a, tapIn, tapW, taps, out, o);
            }
            if (pair) {
                tile1x2(f, triplesEnd, in, a, tapIn, tapW, taps, out, o);
            }
            if (single) {
                tile1x1(f, pairEnd, in, a, tapIn, tapW, taps, out, o);
            }
            if (last) {
                tile1x1(f, oEnd - V, in, a, tapIn, tapW, taps, out, o);
            }
        }
    }

    /**
     * The first vector of channel block {@code b}: {@code bigBlocks} blocks of {@code big} vectors, then smaller
     * ones.
     */
    private static int blockStart(int b, int big, int bigBlocks) {
        return b <= bigBlocks ? b * big : bigBlocks * big + (b - bigBlocks) * (big - 1);
    }

    /** Few output channels: one inner product over input channels per pixel and output channel. */
    private static void convolveRowMajor(PackedFilter f, int oFrom, int oTo, float[] in, int inBase, int inStride,
            int[] tapIn, int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        int depth = f.depth;
        int full = depth - depth % V;
        int j = 0;
        if (PAIR_REDUCE && f.pairs && 2 * inStride == V && outStride == 1 && Math.min(oTo, f.channels) - oFrom == 1) {
            // One output channel of an input with half a vector of channels, at stride 1 (the segmentation head of
            // the pose landmark models, 256x256x8 -> 1 under a 3x3 window): two neighbouring pixels per vector.
            int wo = 2 * oFrom * f.taps * depth;
            for (; j + V <= pixels; j += V) {
                dotPairs(f, wo, in, inBase + j * inStride, tapIn, tapW, taps, out, outBase + j + oFrom);
            }
            biasAndClamp(f, oFrom, out, outBase + oFrom, j);
        }
        if (full == 0) {
            ScalarConvEngine.convolveRowMajor(f, oFrom, oTo, in, inBase + j * inStride, inStride, tapIn, tapW, taps,
                    out, outBase + j * outStride, outStride, pixels - j);
            return;
        }
        int oEnd = Math.min(oTo, f.channels);
        int perChannel = f.taps * depth;
        // One output channel, outputs side by side: the tree's 8 sums are one vector to store, and the bias and
        // clamp follow in a separate pass; lane extractions for strided outputs, or the bias and clamp in the tree's
        // epilogue, pushed it past C2's parse-time inlining budget (late-inlined vector calls risk boxing).
        if (TRANSPOSE_REDUCE && full == depth && outStride == 1 && oEnd - oFrom == 1) {
            int wo = f.base + oFrom * perChannel;
            int from = j;
            for (; j + V <= pixels; j += V) {
                dotTaps8(f, wo, in, inBase + j * inStride, inStride, tapIn, tapW, taps, out, outBase + j + oFrom);
            }
            biasAndClamp(f, oFrom, out, outBase + oFrom + from, j - from);
        }
        for (; j + 4 <= pixels; j += 4) {
            int a0 = inBase + j * inStride;
            int o0 = outBase + j * outStride;
            for (int o = oFrom; o < oEnd; o++) {
                dotTaps4(f, f.base + o * perChannel, in, a0, inStride, tapIn, tapW, taps, full, o, out, o0 + o,
                        outStride);
            }
        }
        for (; j < pixels; j++) {
            int a0 = inBase + j * inStride;
            int o0 = outBase + j * outStride;
            for (int o = oFrom; o < oEnd; o++) {
                float v = f.bias[o] + dotTaps(f.weights, f.base + o * perChannel, in, a0, tapIn, tapW, taps, full,
                        depth);
                out[o0 + o] = ScalarConvEngine.clamp(v, f.lo, f.hi);
            }
        }
    }

    /**
     * Whether {@link #dotTaps8} applies: 8 lanes. Its sums of 8 pixels are reduced together, by a transpose-and-add
     * tree of 7 blend-permute-add steps, instead of 8 lane-by-lane reductions (C2 adds a float vector's lanes one
     * after another, in order).
     */
    private static final boolean TRANSPOSE_REDUCE = V == 8;
    // Lanes whose index has bit 8 (16 lanes only), 4, 2 or 1 set (in each half of a 16-lane vector alike).
    private static final VectorMask<Float> HIGH8 = VectorMask.fromLong(S, 0xFF00FF00FF00FF00L);
    private static final VectorMask<Float> HIGH4 = VectorMask.fromLong(S, 0xF0F0F0F0F0F0F0F0L);
    private static final VectorMask<Float> HIGH2 = VectorMask.fromLong(S, 0xCCCCCCCCCCCCCCCCL);
    private static final VectorMask<Float> HIGH1 = VectorMask.fromLong(S, 0xAAAAAAAAAAAAAAAAL);
    /** Whether {@link #dotPairs} applies: 16 lanes, whose halves its 8 accumulators' tree fills. */
    private static final boolean PAIR_REDUCE = V == 16;
    /** {@link #dotPairs}' sums, pixel 2j in lane j and pixel 2j+1 in lane j + V/2, into pixel order. */
    private static final VectorShuffle<Float> PAIRS_IN_ORDER = VectorShuffle.fromOp(S,
            k -> (k & 1) * (V / 2) + (k >> 1));
    private static final VectorShuffle<Float> SWAP8 = VectorShuffle.fromOp(S, i -> (i ^ 8) % V);
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);

    /**
     * Eight consecutive pixels of {@link #convolveRowMajor} for a single-channel output, depth a multiple of 8: one
     * vector of sums.
     * Tree step with half-width h on (a, b): lanes with bit h clear get a's pair sums {@code a[i] + a[i^h]}, the
     * others b's, so after h = 4, 2, 1 each lane holds one pixel's whole sum.
     */
    private static void dotTaps8(PackedFilter f, int wo, float[] in, int a0, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int at) {
        float[] w = f.weights;
        int depth = f.depth;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int total = taps * (depth / V);
        int t = 0;
        int i = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? wo + tapW[0] : 0;
        // Accumulator m takes pixel bitReverse3(m), so that the tree leaves pixel j's sum in lane j.
        int s2 = 2 * inStride;
        int s4 = 4 * inStride;
        int s6 = s4 + s2;
        for (int k = 0; k < total; k++) {
            FloatVector wv = FloatVector.fromArray(S, w, wr + i);
            int q = p + i;
            c0 = FloatVector.fromArray(S, in, q).fma(wv, c0);
            c1 = FloatVector.fromArray(S, in, q + s4).fma(wv, c1);
            c2 = FloatVector.fromArray(S, in, q + s2).fma(wv, c2);
            c3 = FloatVector.fromArray(S, in, q + s6).fma(wv, c3);
            q += inStride;
            c4 = FloatVector.fromArray(S, in, q).fma(wv, c4);
            c5 = FloatVector.fromArray(S, in, q + s4).fma(wv, c5);
            c6 = FloatVector.fromArray(S, in, q + s2).fma(wv, c6);
            c7 = FloatVector.fromArray(S, in, q + s6).fma(wv, c7);
            i += V;
            if (i == depth) {
                i = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = wo + tapW[t];
                }
            }
        }
        FloatVector q0 = c0.blend(c1, HIGH4).add(c1.blend(c0, HIGH4).rearrange(SWAP4));
        FloatVector q1 = c2.blend(c3, HIGH4).add(c3.blend(c2, HIGH4).rearrange(SWAP4));
        FloatVector q2 = c4.blend(c5, HIGH4).add(c5.blend(c4, HIGH4).rearrange(SWAP4));
        FloatVector q3 = c6.blend(c7, HIGH4).add(c7.blend(c6, HIGH4).rearrange(SWAP4));
        FloatVector r0 = q0.blend(q1, HIGH2).add(q1.blend(q0, HIGH2).rearrange(SWAP2));
        FloatVector r1 = q2.blend(q3, HIGH2).add(q3.blend(q2, HIGH2).rearrange(SWAP2));
        r0.blend(r1, HIGH1).add(r1.blend(r0, HIGH1).rearrange(SWAP1)).intoArray(out, at);
    }

    /**
     * 16 consecutive pixels of {@link #convolveRowMajor} for a single-channel output whose input has 8 channels
     * (the pixel stride) and whose depth is a whole number of half vectors ({@link PackedFilter#pairs}): one vector
     * holds two neighbouring pixels' inputs under a tap, which {@link PackedFilter#pairWeights} multiplies by the
     * same weights twice. Accumulator m takes the pixels 2 * bitReverse3(m) and the next; the tree of {@link
     * #dotTaps8}, run in each half of the vectors alike, leaves pixel 2j's sum in lane j and pixel 2j+1's in lane
     * j + 8, which one shuffle puts in order. With 512-bit vectors the pose landmark models' 256x256x8 -> 1 3x3
     * layer took 3.4x its 256-bit time in {@link #dotTaps4}.
     */
    private static void dotPairs(PackedFilter f, int wo, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int at) {
        float[] w = f.pairWeights;
        int depth = f.depth;
        int half = V / 2;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int total = taps * (depth / half);
        int t = 0;
        int i = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? wo + 2 * tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            FloatVector wv = FloatVector.fromArray(S, w, wr + 2 * i);
            int q = p + i;
            c0 = FloatVector.fromArray(S, in, q).fma(wv, c0);
            c1 = FloatVector.fromArray(S, in, q + 4 * V).fma(wv, c1);
            c2 = FloatVector.fromArray(S, in, q + 2 * V).fma(wv, c2);
            c3 = FloatVector.fromArray(S, in, q + 6 * V).fma(wv, c3);
            c4 = FloatVector.fromArray(S, in, q + V).fma(wv, c4);
            c5 = FloatVector.fromArray(S, in, q + 5 * V).fma(wv, c5);
            c6 = FloatVector.fromArray(S, in, q + 3 * V).fma(wv, c6);
            c7 = FloatVector.fromArray(S, in, q + 7 * V).fma(wv, c7);
            i += half;
            if (i == depth) {
                i = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = wo + 2 * tapW[t];
                }
            }
        }
        FloatVector q0 = c0.blend(c1, HIGH4).add(c1.blend(c0, HIGH4).rearrange(SWAP4));
        FloatVector q1 = c2.blend(c3, HIGH4).add(c3.blend(c2, HIGH4).rearrange(SWAP4));
        FloatVector q2 = c4.blend(c5, HIGH4).add(c5.blend(c4, HIGH4).rearrange(SWAP4));
        FloatVector q3 = c6.blend(c7, HIGH4).add(c7.blend(c6, HIGH4).rearrange(SWAP4));
        FloatVector r0 = q0.blend(q1, HIGH2).add(q1.blend(q0, HIGH2).rearrange(SWAP2));
        FloatVector r1 = q2.blend(q3, HIGH2).add(q3.blend(q2, HIGH2).rearrange(SWAP2));
        r0.blend(r1, HIGH1).add(r1.blend(r0, HIGH1).rearrange(SWAP1)).rearrange(PAIRS_IN_ORDER).intoArray(out, at);
    }

    @Override
    public void convolveTwoPhases(PackedFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW0,
            int[] tapW1, int taps, float[] out, int outBase, int pixels) {
        int j = 0;
        if (PAIR_REDUCE && f.rowMajor && f.channels == 1 && f.depth % V == 0) {
            // Per phase, convolveRowMajor writes every other output, each reduced lane by lane (C2 adds the 16 lanes
            // one after another): MediaPipe's 128x128x16 -> 256x256x1 Convolution2DTransposeBias took 0.36 ms
            // against XNNPACK's 0.25.
            for (; j + V / 2 <= pixels; j += V / 2) {
                dotPhases(f, in, inBase + j * inStride, inStride, tapIn, tapW0, tapW1, taps, out, outBase + 2 * j);
            }
            biasAndClamp(f, 0, out, outBase, 2 * j);
        }
        if (j < pixels) {
            ConvEngine.super.convolveTwoPhases(f, in, inBase + j * inStride, inStride, tapIn, tapW0, tapW1, taps, out,
                    outBase + 2 * j, pixels - j);
        }
    }

    /**
     * Eight consecutive pixels of {@link #convolveTwoPhases} (16 lanes, depth a multiple of 16): their sums under
     * both tap lists, one vector of outputs in row order. The tree of {@link #dotTaps8} with a first step of
     * half-width 8 leaves accumulator m's sum in lane bitReverse4(m), so accumulators 0-7 ({@code a}) take the first
     * phase of pixels bitReverse3(m) and 8-15 ({@code b}) the second.
     */
    private static void dotPhases(PackedFilter f, float[] in, int start, int inStride, int[] tapIn, int[] tapW0,
            int[] tapW1, int taps, float[] out, int at) {
        float[] w = f.weights;
        int depth = f.depth;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        int total = taps * (depth / V);
        int t = 0;
        int i = 0;
        int p = taps > 0 ? start + tapIn[0] : 0;
        int w0 = taps > 0 ? f.base + tapW0[0] : 0;
        int w1 = taps > 0 ? f.base + tapW1[0] : 0;
        int s2 = 2 * inStride;
        int s4 = 4 * inStride;
        int s6 = s4 + s2;
        for (int k = 0; k < total; k++) {
            FloatVector u = FloatVector.fromArray(S, w, w0 + i);
            FloatVector v = FloatVector.fromArray(S, w, w1 + i);
            int q = p + i;
            FloatVector x = FloatVector.fromArray(S, in, q);
            a0 = x.fma(u, a0);
            b0 = x.fma(v, b0);
            x = FloatVector.fromArray(S, in, q + s4);
            a1 = x.fma(u, a1);
            b1 = x.fma(v, b1);
            x = FloatVector.fromArray(S, in, q + s2);
            a2 = x.fma(u, a2);
            b2 = x.fma(v, b2);
            x = FloatVector.fromArray(S, in, q + s6);
            a3 = x.fma(u, a3);
            b3 = x.fma(v, b3);
            q += inStride;
            x = FloatVector.fromArray(S, in, q);
            a4 = x.fma(u, a4);
            b4 = x.fma(v, b4);
            x = FloatVector.fromArray(S, in, q + s4);
            a5 = x.fma(u, a5);
            b5 = x.fma(v, b5);
            x = FloatVector.fromArray(S, in, q + s2);
            a6 = x.fma(u, a6);
            b6 = x.fma(v, b6);
            x = FloatVector.fromArray(S, in, q + s6);
            a7 = x.fma(u, a7);
            b7 = x.fma(v, b7);
            i += V;
            if (i == depth) {
                i = 0;
                if (++t < taps) {
                    p = start + tapIn[t];
                    w0 = f.base + tapW0[t];
                    w1 = f.base + tapW1[t];
                }
            }
        }
        FloatVector e0 = a0.blend(a1, HIGH8).add(a1.blend(a0, HIGH8).rearrange(SWAP8));
        FloatVector e1 = a2.blend(a3, HIGH8).add(a3.blend(a2, HIGH8).rearrange(SWAP8));
        FloatVector e2 = a4.blend(a5, HIGH8).add(a5.blend(a4, HIGH8).rearrange(SWAP8));
        FloatVector e3 = a6.blend(a7, HIGH8).add(a7.blend(a6, HIGH8).rearrange(SWAP8));
        FloatVector e4 = b0.blend(b1, HIGH8).add(b1.blend(b0, HIGH8).rearrange(SWAP8));
        FloatVector e5 = b2.blend(b3, HIGH8).add(b3.blend(b2, HIGH8).rearrange(SWAP8));
        FloatVector e6 = b4.blend(b5, HIGH8).add(b5.blend(b4, HIGH8).rearrange(SWAP8));
        FloatVector e7 = b6.blend(b7, HIGH8).add(b7.blend(b6, HIGH8).rearrange(SWAP8));
        FloatVector g0 = e0.blend(e1, HIGH4).add(e1.blend(e0, HIGH4).rearrange(SWAP4));
        FloatVector g1 = e2.blend(e3, HIGH4).add(e3.blend(e2, HIGH4).rearrange(SWAP4));
        FloatVector g2 = e4.blend(e5, HIGH4).add(e5.blend(e4, HIGH4).rearrange(SWAP4));
        FloatVector g3 = e6.blend(e7, HIGH4).add(e7.blend(e6, HIGH4).rearrange(SWAP4));
        FloatVector r0 = g0.blend(g1, HIGH2).add(g1.blend(g0, HIGH2).rearrange(SWAP2));
        FloatVector r1 = g2.blend(g3, HIGH2).add(g3.blend(g2, HIGH2).rearrange(SWAP2));
        r0.blend(r1, HIGH1).add(r1.blend(r0, HIGH1).rearrange(SWAP1)).intoArray(out, at);
    }

    /** Adds the bias of channel {@code o} to {@code count} (a multiple of V) outputs from {@code from}, and clamps. */
    private static void biasAndClamp(PackedFilter f, int o, float[] out, int from, int count) {
        float b = f.bias[o];
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        for (int i = 0; i < count; i += V) {
            FloatVector v = FloatVector.fromArray(S, out, from + i).add(b);
            v = v.blend(lo, v.lt(lo));
            v.blend(hi, hi.lt(v)).intoArray(out, from + i);
        }
    }

    /** Four pixels of {@link #convolveRowMajor} for one output channel: four independent sums to reduce. */
    private static void dotTaps4(PackedFilter f, int wo, float[] in, int a0, int inStride, int[] tapIn, int[] tapW,
            int taps, int full, int o, float[] out, int at, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int total = taps * (full / V);
        int t = 0;
        int i = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? wo + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            FloatVector wv = FloatVector.fromArray(S, w, wr + i);
            int q = p + i;
            c0 = FloatVector.fromArray(S, in, q).fma(wv, c0);
            c1 = FloatVector.fromArray(S, in, q + inStride).fma(wv, c1);
            c2 = FloatVector.fromArray(S, in, q + 2 * inStride).fma(wv, c2);
            c3 = FloatVector.fromArray(S, in, q + 3 * inStride).fma(wv, c3);
            i += V;
            if (i == full) {
                i = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = wo + tapW[t];
                }
            }
        }
        float s0 = c0.reduceLanes(VectorOperators.ADD);
        float s1 = c1.reduceLanes(VectorOperators.ADD);
        float s2 = c2.reduceLanes(VectorOperators.ADD);
        float s3 = c3.reduceLanes(VectorOperators.ADD);
        if (full < depth) {
            for (int u = 0; u < taps; u++) {
                int pu = a0 + tapIn[u];
                int wu = wo + tapW[u];
                for (int c = full; c < depth; c++) {
                    float x = w[wu + c];
                    s0 += in[pu + c] * x;
                    s1 += in[pu + inStride + c] * x;
                    s2 += in[pu + 2 * inStride + c] * x;
                    s3 += in[pu + 3 * inStride + c] * x;
                }
            }
        }
        float b = f.bias[o];
        float lo = f.lo;
        float hi = f.hi;
        out[at] = ScalarConvEngine.clamp(b + s0, lo, hi);
        out[at + outStride] = ScalarConvEngine.clamp(b + s1, lo, hi);
        out[at + 2 * outStride] = ScalarConvEngine.clamp(b + s2, lo, hi);
        out[at + 3 * outStride] = ScalarConvEngine.clamp(b + s3, lo, hi);
    }

    /** One output of {@link #convolveRowMajor}; the taps-by-chunks loop is flattened like the tiles'. */
    private static float dotTaps(float[] w, int wo, float[] in, int a0, int[] tapIn, int[] tapW, int taps, int full,
            int depth) {
        FloatVector acc = FloatVector.zero(S);
        int total = taps * (full / V);
        int t = 0;
        int i = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? wo + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            acc = FloatVector.fromArray(S, in, p + i).fma(FloatVector.fromArray(S, w, wr + i), acc);
            i += V;
            if (i == full) {
                i = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = wo + tapW[t];
                }
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        if (full < depth) {
            for (int u = 0; u < taps; u++) {
                int pu = a0 + tapIn[u];
                int wu = wo + tapW[u];
                for (int c = full; c < depth; c++) {
                    sum += in[pu + c] * w[wu + c];
                }
            }
        }
        return sum;
    }

    /**
     * Whether a filter whose channels end inside a vector (their padding spilling into the next pixel) takes 8-pixel
     * tiles in {@link #tiles}: one tap, 3, 5 or 6 vectors of channels, its weights within L1, 32 vector registers.
     */
    private static boolean spillingBlocks(PackedFilter f, int taps) {
        int vectors = f.stride / V;
        return WIDE_TILES && taps == 1 && (vectors == 3 || vectors == 5 || vectors == 6)
                && (long) f.depth * f.stride <= L1_WEIGHT_FLOATS;
    }

    /**
     * Channels {@code [oFrom, oEnd)} of {@code groups} runs of 8 pixels under one tap: blocks of three vectors
     * where {@code triples} and they divide the channels, then pairs, then a last single vector, each block
     * sweeping all the groups in one call.
     */
    private static void oneTapGroups(PackedFilter f, int oFrom, int oEnd, boolean triples, float[] in, int a,
            int inStride, int wb, float[] out, int o, int outStride, int groups) {
        int ob = oFrom;
        if (triples && (oEnd - oFrom) / V % 3 == 0) {
            // Three vectors at a time where they divide the channels: each broadcast serves 3 FMAs.
            for (; ob + 3 * V <= oEnd; ob += 3 * V) {
                tile8x3OneTap(f, ob, in, a, inStride, wb, out, o, outStride, groups);
            }
        }
        for (; ob + 2 * V <= oEnd; ob += 2 * V) {
            tile8x2OneTap(f, ob, in, a, inStride, wb, out, o, outStride, groups);
        }
        if (ob < oEnd) {
            tile8x1OneTap(f, ob, in, a, inStride, wb, out, o, outStride, groups);
        }
    }

    /**
     * {@link #block4} for {@code quads} consecutive groups of 4 pixels from {@code a} and {@code o}, each clamped up to
     * {@code blockEnd} where its tile does not clamp. A block of four whole vectors under one tap takes all the groups
     * in one call of its tile, which sets up the bias and clamp bounds once (LayerBench against the build before it:
     * hand_landmark_full's 112x112x16 -> 64 1.13, 1.20, 1.09x -> 1.12, 1.08, 1.13x XNNPACK's time, within the noise).
     */
    private static void blockQuads(PackedFilter f, int ob, int k, boolean lastPartial, int oEnd, int blockEnd,
            float[] in, int a, int inStride, int[] tapIn, int[] tapW, int taps, float[] out, int o, int outStride,
            int quads) {
        if (k == 4 && taps == 1 && !lastPartial) {
            tile4x4OneTap(f, ob, in, a + tapIn[0], inStride, f.base + tapW[0], out, o, outStride, quads);
            return;
        }
        for (int q = 0; q < quads; q++, a += 4 * inStride, o += 4 * outStride) {
            boolean clamped = block4(f, ob, k, lastPartial, oEnd, in, a, inStride, tapIn, tapW, taps, out, o,
                    outStride);
            if (f.clamp && !clamped) {
                clamp(f, out, o, outStride, 4, ob, blockEnd);
            }
        }
    }

    /**
     * One block of {@code k} channel vectors from {@code ob} for 4 pixels; with {@code lastPartial} its last vector
     * ends at {@code oEnd}, overlapping its predecessor. Separate tiles keep the offsets of the full ones constant
     * (variable ones measured 25% slower). Returns whether the tile applied the fused activation itself (else the
     * caller clamps the block).
     */
    private static boolean block4(PackedFilter f, int ob, int k, boolean lastPartial, int oEnd, float[] in, int a,
            int inStride, int[] tapIn, int[] tapW, int taps, float[] out, int o, int outStride) {
        if (lastPartial) {
            if (k == 2) {
                tile4x2Overlapping(f, ob, oEnd - V, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
                return false;
            }
            k--;
            tile4x1(f, oEnd - V, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
        }
        if (k == 4 && taps == 1 && !lastPartial) {
            tile4x4OneTap(f, ob, in, a + tapIn[0], inStride, f.base + tapW[0], out, o, outStride, 1);
            return true;
        } else if (k == 4) {
            tile4x4(f, ob, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
        } else if (k == 3 && taps == 1) {
            tile4x3OneTap(f, ob, in, a + tapIn[0], inStride, f.base + tapW[0], out, o, outStride);
        } else if (k == 3) {
            tile4x3(f, ob, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
        } else if (k == 2) {
            tile4x2(f, ob, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
        } else if (k == 1) {
            tile4x1(f, ob, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
        }
        return false;
    }

    /**
     * Applies the fused activation to channels {@code [oFrom, oEnd)} of {@code pixels} output pixels that a tile has
     * just stored (still in L1). The multi-pixel tiles leave it to this loop because C2 (JDK 17) inlines a tile's
     * calls only while the method's node count stays under NodeCountInliningCutoff: 32 more vector operations in a
     * 4x4 tile's epilogue pushed it over, the rest got inlined late and out of order, and the stores whose values
     * were not yet intrinsified boxed their vectors (a heap allocation per store, megabytes per inference).
     */
    static void clamp(PackedFilter f, float[] out, int o0, int outStride, int pixels, int oFrom, int oEnd) {
        // Under a vector of channels (spilling tiles only) the vector starts at oFrom and clamps a few channels of
        // the next pixel too, whose values are stored over later or are final already (clamped twice, unchanged).
        int last = Math.max(oFrom, oEnd - V);
        int perPixel = (oEnd - oFrom + V - 1) / V;
        int total = pixels * perPixel;
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        int o = o0;
        int c = oFrom;
        for (int k = 0; k < total; k++) {
            // The last vector of a pixel ends at oEnd, overlapping its predecessor: clamping twice changes nothing.
            int at = o + Math.min(c, last);
            FloatVector v = FloatVector.fromArray(S, out, at);
            v = v.blend(lo, v.lt(lo));
            v.blend(hi, hi.lt(v)).intoArray(out, at);
            c += V;
            if (c >= oEnd) {
                c = oFrom;
                o += outStride;
            }
        }
    }

    /**
     * {@link #convolve} for a {@link PackedFilter#vectorMajor} filter (weights beyond L1, whole tiles of channels): a
     * chunk of 4-pixel groups at a time, swept block by block, so that a block's weights (one run that the
     * prefetchers follow) serve the whole chunk. A block is exactly one tile wide, and the tiles read it with the same
     * constant offsets as the rows. The last group ends at the last pixel, overlapping its predecessor (recomputed bit
     * for bit) instead of single-pixel tiles, which would stream all the weights once more for a pixel or two. Under
     * 4 pixels (border pixels, one at a time), single-pixel tiles cover each block.
     */
    private static void convolveVectorMajor(PackedFilter f, int oFrom, int oEnd, float[] in, int inBase,
            int inStride, int[] tapIn, int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        if (pixels < 4) {
            for (int j = 0; j < pixels; j++) {
                int a = inBase + j * inStride;
                int o = outBase + j * outStride;
                for (int ob = oFrom; ob < oEnd; ob += f.block) {
                    if (f.block == 3 * V) {
                        tile1x3(f, ob, in, a, tapIn, tapW, taps, out, o);
                    } else {
                        tile1x2(f, ob, in, a, tapIn, tapW, taps, out, o);
                        tile1x2(f, ob + 2 * V, in, a, tapIn, tapW, taps, out, o);
                    }
                }
            }
            return;
        }
        int groups = (pixels + 3) / 4;
        int chunk = Math.max(1, CHUNK_INPUT_FLOATS / (4 * Math.max(1, taps * f.depth)));
        for (int g0 = 0; g0 < groups; g0 += chunk) {
            int gEnd = Math.min(groups, g0 + chunk);
            for (int ob = oFrom; ob < oEnd; ob += f.block) {
                for (int g = g0; g < gEnd; g++) {
                    int p = Math.min(4 * g, pixels - 4);
                    int o = outBase + p * outStride;
                    boolean clamped = block4(f, ob, f.block / V, false, oEnd, in, inBase + p * inStride, inStride,
                            tapIn, tapW, taps, out, o, outStride);
                    if (f.clamp && !clamped) {
                        clamp(f, out, o, outStride, 4, ob, ob + f.block);
                    }
                }
            }
        }
    }

    // The tiles take no vector arguments and call no helpers with vectors: anything not inlined would box them.
    // Their taps-by-channels loop is flattened into one loop, because JDK 17's C2 boxes vectors that live across
    // an inner loop (measured: 3 GFLOP/s nested against 60 flattened).

    private static void tile4x4(PackedFilter f, int ob, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        int wo = f.offset(ob);
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
        FloatVector b2 = FloatVector.fromArray(S, f.bias, ob + 2 * V);
        FloatVector b3 = FloatVector.fromArray(S, f.bias, ob + 3 * V);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c03 = b3, c10 = b0, c11 = b1, c12 = b2, c13 = b3;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c23 = b3, c30 = b0, c31 = b1, c32 = b2, c33 = b3;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + wo : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * V);
            FloatVector w3 = FloatVector.fromArray(S, w, wr + 3 * V);
            int q = p + c;
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            c02 = w2.fma(x, c02);
            c03 = w3.fma(x, c03);
            x = FloatVector.broadcast(S, in[q + inStride]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            c12 = w2.fma(x, c12);
            c13 = w3.fma(x, c13);
            x = FloatVector.broadcast(S, in[q + 2 * inStride]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            c22 = w2.fma(x, c22);
            c23 = w3.fma(x, c23);
            x = FloatVector.broadcast(S, in[q + 3 * inStride]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            c32 = w2.fma(x, c32);
            c33 = w3.fma(x, c33);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + wo;
                }
            }
        }
        int o = o0 + ob;
        c00.intoArray(out, o);
        c01.intoArray(out, o + V);
        c02.intoArray(out, o + 2 * V);
        c03.intoArray(out, o + 3 * V);
        o += outStride;
        c10.intoArray(out, o);
        c11.intoArray(out, o + V);
        c12.intoArray(out, o + 2 * V);
        c13.intoArray(out, o + 3 * V);
        o += outStride;
        c20.intoArray(out, o);
        c21.intoArray(out, o + V);
        c22.intoArray(out, o + 2 * V);
        c23.intoArray(out, o + 3 * V);
        o += outStride;
        c30.intoArray(out, o);
        c31.intoArray(out, o + V);
        c32.intoArray(out, o + 2 * V);
        c33.intoArray(out, o + 3 * V);
    }

    /**
     * {@link #tile4x4} for a single tap (1x1 convolutions, the bulk of the models' multiply-adds): every index is
     * the loop counter plus an invariant, so C2 hoists the bounds checks out of the loop (measured 4% faster). Runs
     * {@code quads} groups of 4 pixels, one after the other from pixel offsets {@code a} and {@code o0}.
     */
    private static void tile4x4OneTap(PackedFilter f, int ob, float[] in, int a, int inStride, int wb, float[] out,
            int o0, int outStride, int quads) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        for (int g = 0; g < quads; g++, a += 4 * inStride, o0 += 4 * outStride) {
            FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
            FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
            FloatVector b2 = FloatVector.fromArray(S, f.bias, ob + 2 * V);
            FloatVector b3 = FloatVector.fromArray(S, f.bias, ob + 3 * V);
            FloatVector c00 = b0, c01 = b1, c02 = b2, c03 = b3, c10 = b0, c11 = b1, c12 = b2, c13 = b3;
            FloatVector c20 = b0, c21 = b1, c22 = b2, c23 = b3, c30 = b0, c31 = b1, c32 = b2, c33 = b3;
            int a1 = a + inStride;
            int a2 = a1 + inStride;
            int a3 = a2 + inStride;
            int wr = wb + f.offset(ob);
            for (int c = 0; c < depth; c++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
                FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * V);
                FloatVector w3 = FloatVector.fromArray(S, w, wr + 3 * V);
                FloatVector x = FloatVector.broadcast(S, in[a + c]);
                c00 = w0.fma(x, c00);
                c01 = w1.fma(x, c01);
                c02 = w2.fma(x, c02);
                c03 = w3.fma(x, c03);
                x = FloatVector.broadcast(S, in[a1 + c]);
                c10 = w0.fma(x, c10);
                c11 = w1.fma(x, c11);
                c12 = w2.fma(x, c12);
                c13 = w3.fma(x, c13);
                x = FloatVector.broadcast(S, in[a2 + c]);
                c20 = w0.fma(x, c20);
                c21 = w1.fma(x, c21);
                c22 = w2.fma(x, c22);
                c23 = w3.fma(x, c23);
                x = FloatVector.broadcast(S, in[a3 + c]);
                c30 = w0.fma(x, c30);
                c31 = w1.fma(x, c31);
                c32 = w2.fma(x, c32);
                c33 = w3.fma(x, c33);
                wr += ws;
            }
            // The clamp (see the note on the fused activation above convolve) before the stores: the 1x1 layers'
            // separate pass over the stored pixels cost about a tenth of a tile of 16 input channels.
            FloatVector lo = FloatVector.broadcast(S, f.lo);
            FloatVector hi = FloatVector.broadcast(S, f.hi);
            int o = o0 + ob;
            c00 = c00.blend(lo, c00.lt(lo));
            c00.blend(hi, hi.lt(c00)).intoArray(out, o);
            c01 = c01.blend(lo, c01.lt(lo));
            c01.blend(hi, hi.lt(c01)).intoArray(out, o + V);
            c02 = c02.blend(lo, c02.lt(lo));
            c02.blend(hi, hi.lt(c02)).intoArray(out, o + 2 * V);
            c03 = c03.blend(lo, c03.lt(lo));
            c03.blend(hi, hi.lt(c03)).intoArray(out, o + 3 * V);
            o += outStride;
            c10 = c10.blend(lo, c10.lt(lo));
            c10.blend(hi, hi.lt(c10)).intoArray(out, o);
            c11 = c11.blend(lo, c11.lt(lo));
            c11.blend(hi, hi.lt(c11)).intoArray(out, o + V);
            c12 = c12.blend(lo, c12.lt(lo));
            c12.blend(hi, hi.lt(c12)).intoArray(out, o + 2 * V);
            c13 = c13.blend(lo, c13.lt(lo));
            c13.blend(hi, hi.lt(c13)).intoArray(out, o + 3 * V);
            o += outStride;
            c20 = c20.blend(lo, c20.lt(lo));
            c20.blend(hi, hi.lt(c20)).intoArray(out, o);
            c21 = c21.blend(lo, c21.lt(lo));
            c21.blend(hi, hi.lt(c21)).intoArray(out, o + V);
            c22 = c22.blend(lo, c22.lt(lo));
            c22.blend(hi, hi.lt(c22)).intoArray(out, o + 2 * V);
            c23 = c23.blend(lo, c23.lt(lo));
            c23.blend(hi, hi.lt(c23)).intoArray(out, o + 3 * V);
            o += outStride;
            c30 = c30.blend(lo, c30.lt(lo));
            c30.blend(hi, hi.lt(c30)).intoArray(out, o);
            c31 = c31.blend(lo, c31.lt(lo));
            c31.blend(hi, hi.lt(c31)).intoArray(out, o + V);
            c32 = c32.blend(lo, c32.lt(lo));
            c32.blend(hi, hi.lt(c32)).intoArray(out, o + 2 * V);
            c33 = c33.blend(lo, c33.lt(lo));
            c33.blend(hi, hi.lt(c33)).intoArray(out, o + 3 * V);
        }
    }

    private static void tile4x3(PackedFilter f, int ob, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        int wo = f.offset(ob);
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
        FloatVector b2 = FloatVector.fromArray(S, f.bias, ob + 2 * V);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c10 = b0, c11 = b1, c12 = b2;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c30 = b0, c31 = b1, c32 = b2;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + wo : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * V);
            int q = p + c;
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            c02 = w2.fma(x, c02);
            x = FloatVector.broadcast(S, in[q + inStride]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            c12 = w2.fma(x, c12);
            x = FloatVector.broadcast(S, in[q + 2 * inStride]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            c22 = w2.fma(x, c22);
            x = FloatVector.broadcast(S, in[q + 3 * inStride]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            c32 = w2.fma(x, c32);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + wo;
                }
            }
        }
        int o = o0 + ob;
        c00.intoArray(out, o);
        c01.intoArray(out, o + V);
        c02.intoArray(out, o + 2 * V);
        o += outStride;
        c10.intoArray(out, o);
        c11.intoArray(out, o + V);
        c12.intoArray(out, o + 2 * V);
        o += outStride;
        c20.intoArray(out, o);
        c21.intoArray(out, o + V);
        c22.intoArray(out, o + 2 * V);
        o += outStride;
        c30.intoArray(out, o);
        c31.intoArray(out, o + V);
        c32.intoArray(out, o + 2 * V);
    }

    /** {@link #tile4x3} for a single tap: see {@link #tile4x4OneTap}. */
    private static void tile4x3OneTap(PackedFilter f, int ob, float[] in, int a, int inStride, int wb, float[] out,
            int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
        FloatVector b2 = FloatVector.fromArray(S, f.bias, ob + 2 * V);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c10 = b0, c11 = b1, c12 = b2;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c30 = b0, c31 = b1, c32 = b2;
        int a1 = a + inStride;
        int a2 = a1 + inStride;
        int a3 = a2 + inStride;
        int wr = wb + f.offset(ob);
        for (int c = 0; c < depth; c++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * V);
            FloatVector x = FloatVector.broadcast(S, in[a + c]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            c02 = w2.fma(x, c02);
            x = FloatVector.broadcast(S, in[a1 + c]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            c12 = w2.fma(x, c12);
            x = FloatVector.broadcast(S, in[a2 + c]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            c22 = w2.fma(x, c22);
            x = FloatVector.broadcast(S, in[a3 + c]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            c32 = w2.fma(x, c32);
            wr += ws;
        }
        int o = o0 + ob;
        c00.intoArray(out, o);
        c01.intoArray(out, o + V);
        c02.intoArray(out, o + 2 * V);
        o += outStride;
        c10.intoArray(out, o);
        c11.intoArray(out, o + V);
        c12.intoArray(out, o + 2 * V);
        o += outStride;
        c20.intoArray(out, o);
        c21.intoArray(out, o + V);
        c22.intoArray(out, o + 2 * V);
        o += outStride;
        c30.intoArray(out, o);
        c31.intoArray(out, o + V);
        c32.intoArray(out, o + 2 * V);
    }

    private static void tile4x2(PackedFilter f, int ob, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
        FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + ob : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
            int q = p + c;
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            x = FloatVector.broadcast(S, in[q + inStride]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            x = FloatVector.broadcast(S, in[q + 2 * inStride]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            x = FloatVector.broadcast(S, in[q + 3 * inStride]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + ob;
                }
            }
        }
        int o = o0 + ob;
        c00.intoArray(out, o);
        c01.intoArray(out, o + V);
        o += outStride;
        c10.intoArray(out, o);
        c11.intoArray(out, o + V);
        o += outStride;
        c20.intoArray(out, o);
        c21.intoArray(out, o + V);
        o += outStride;
        c30.intoArray(out, o);
        c31.intoArray(out, o + V);
    }

    /**
     * Eight pixels of a 24-channel output ({@link PackedFilter#pixelPairs}, 16-lane vectors), side by side in
     * {@code out[o0]}, as four pairs: a pair's 48 channels are three whole vectors, the middle one the first pixel's
     * last 8 channels and the second's first 8, multiplied by both pixels' inputs in one vector (lanes 0-7 the
     * first's, 8-15 the second's). 12 FMAs per input channel and 8 pixels, where two vectors per pixel (tile8x2, a
     * quarter of its lanes padding) take 16.
     */
    private static void tile8x3Pairs(PackedFilter f, float[] in, int a0, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0) {
        float[] w = f.pixelPairWeights;
        int depth = f.depth;
        int ws = 3 * V;
        FloatVector b0 = FloatVector.fromArray(S, f.pixelPairBias, 0);
        FloatVector b1 = FloatVector.fromArray(S, f.pixelPairBias, V);
        FloatVector b2 = FloatVector.fromArray(S, f.pixelPairBias, 2 * V);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c10 = b0, c11 = b1, c12 = b2;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c30 = b0, c31 = b1, c32 = b2;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? tapW[0] * 3 / 2 : 0;
        int s2 = 2 * inStride;
        int s4 = 4 * inStride;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * V);
            int q = p + c;
            FloatVector x = FloatVector.broadcast(S, in[q]);
            FloatVector y = FloatVector.broadcast(S, in[q + inStride]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x.blend(y, HIGH8), c01);
            c02 = w2.fma(y, c02);
            x = FloatVector.broadcast(S, in[q + s2]);
            y = FloatVector.broadcast(S, in[q + s2 + inStride]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x.blend(y, HIGH8), c11);
            c12 = w2.fma(y, c12);
            q += s4;
            x = FloatVector.broadcast(S, in[q]);
            y = FloatVector.broadcast(S, in[q + inStride]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x.blend(y, HIGH8), c21);
            c22 = w2.fma(y, c22);
            x = FloatVector.broadcast(S, in[q + s2]);
            y = FloatVector.broadcast(S, in[q + s2 + inStride]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x.blend(y, HIGH8), c31);
            c32 = w2.fma(y, c32);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = tapW[t] * 3 / 2;
                }
            }
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + V);
        c02.intoArray(out, o0 + 2 * V);
        c10.intoArray(out, o0 + 3 * V);
        c11.intoArray(out, o0 + 4 * V);
        c12.intoArray(out, o0 + 5 * V);
        c20.intoArray(out, o0 + 6 * V);
        c21.intoArray(out, o0 + 7 * V);
        c22.intoArray(out, o0 + 8 * V);
        c30.intoArray(out, o0 + 9 * V);
        c31.intoArray(out, o0 + 10 * V);
        c32.intoArray(out, o0 + 11 * V);
        if (f.clamp) {
            // The 12 vectors just stored, as one "pixel" of 12 * V channels.
            clamp(f, out, o0, 12 * V, 1, 0, 12 * V);
        }
    }

    private static void tile8x2(PackedFilter f, int ob, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
        FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
        FloatVector c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1, c70 = b0, c71 = b1;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + ob : 0;
        int s2 = 2 * inStride;
        int s4 = 4 * inStride;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
            int q = p + c;
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            x = FloatVector.broadcast(S, in[q + inStride]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            x = FloatVector.broadcast(S, in[q + s2]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            x = FloatVector.broadcast(S, in[q + s2 + inStride]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            q += s4;
            x = FloatVector.broadcast(S, in[q]);
            c40 = w0.fma(x, c40);
            c41 = w1.fma(x, c41);
            x = FloatVector.broadcast(S, in[q + inStride]);
            c50 = w0.fma(x, c50);
            c51 = w1.fma(x, c51);
            x = FloatVector.broadcast(S, in[q + s2]);
            c60 = w0.fma(x, c60);
            c61 = w1.fma(x, c61);
            x = FloatVector.broadcast(S, in[q + s2 + inStride]);
            c70 = w0.fma(x, c70);
            c71 = w1.fma(x, c71);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + ob;
                }
            }
        }
        int o = o0 + ob;
        c00.intoArray(out, o);
        c01.intoArray(out, o + V);
        o += outStride;
        c10.intoArray(out, o);
        c11.intoArray(out, o + V);
        o += outStride;
        c20.intoArray(out, o);
        c21.intoArray(out, o + V);
        o += outStride;
        c30.intoArray(out, o);
        c31.intoArray(out, o + V);
        o += outStride;
        c40.intoArray(out, o);
        c41.intoArray(out, o + V);
        o += outStride;
        c50.intoArray(out, o);
        c51.intoArray(out, o + V);
        o += outStride;
        c60.intoArray(out, o);
        c61.intoArray(out, o + V);
        o += outStride;
        c70.intoArray(out, o);
        c71.intoArray(out, o + V);
    }

    /**
     * {@link #tile8x2OneTap} for three vectors of channels: 24 accumulators, the three weight vectors and a broadcast
     * take 28 of the 32 vector registers, and each input value loaded serves three FMAs instead of two. LayerBench,
     * the two tilings toggled (2026-11-27): hand_landmark_full's 56x56x24 -> 144 layer 0.175 -> 0.158-0.161 ms (XNNPACK
     * 0.15), hand_landmark_lite's 56x56x16 -> 96 1.35-1.55x -> 1.12-1.24x XNNPACK's time, 28x28x24 -> 144
     * 1.23-1.24x -> 0.99-1.06x. Runs {@code groups} groups of 8 pixels, one after the other.
     */
    private static void tile8x3OneTap(PackedFilter f, int ob, float[] in, int a, int inStride, int wb, float[] out,
            int o0, int outStride, int groups) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        for (int g = 0; g < groups; g++, a += 8 * inStride, o0 += 8 * outStride) {
            FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
            FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
            FloatVector b2 = FloatVector.fromArray(S, f.bias, ob + 2 * V);
            FloatVector c00 = b0, c01 = b1, c02 = b2;
            FloatVector c10 = b0, c11 = b1, c12 = b2;
            FloatVector c20 = b0, c21 = b1, c22 = b2;
            FloatVector c30 = b0, c31 = b1, c32 = b2;
            FloatVector c40 = b0, c41 = b1, c42 = b2;
            FloatVector c50 = b0, c51 = b1, c52 = b2;
            FloatVector c60 = b0, c61 = b1, c62 = b2;
            FloatVector c70 = b0, c71 = b1, c72 = b2;
            int a1 = a + inStride;
            int a2 = a1 + inStride;
            int a3 = a2 + inStride;
            int a4 = a3 + inStride;
            int a5 = a4 + inStride;
            int a6 = a5 + inStride;
            int a7 = a6 + inStride;
            int wr = wb + ob;
            for (int c = 0; c < depth; c++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
                FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * V);
                FloatVector x = FloatVector.broadcast(S, in[a + c]);
                c00 = w0.fma(x, c00);
                c01 = w1.fma(x, c01);
                c02 = w2.fma(x, c02);
                x = FloatVector.broadcast(S, in[a1 + c]);
                c10 = w0.fma(x, c10);
                c11 = w1.fma(x, c11);
                c12 = w2.fma(x, c12);
                x = FloatVector.broadcast(S, in[a2 + c]);
                c20 = w0.fma(x, c20);
                c21 = w1.fma(x, c21);
                c22 = w2.fma(x, c22);
                x = FloatVector.broadcast(S, in[a3 + c]);
                c30 = w0.fma(x, c30);
                c31 = w1.fma(x, c31);
                c32 = w2.fma(x, c32);
                x = FloatVector.broadcast(S, in[a4 + c]);
                c40 = w0.fma(x, c40);
                c41 = w1.fma(x, c41);
                c42 = w2.fma(x, c42);
                x = FloatVector.broadcast(S, in[a5 + c]);
                c50 = w0.fma(x, c50);
                c51 = w1.fma(x, c51);
                c52 = w2.fma(x, c52);
                x = FloatVector.broadcast(S, in[a6 + c]);
                c60 = w0.fma(x, c60);
                c61 = w1.fma(x, c61);
                c62 = w2.fma(x, c62);
                x = FloatVector.broadcast(S, in[a7 + c]);
                c70 = w0.fma(x, c70);
                c71 = w1.fma(x, c71);
                c72 = w2.fma(x, c72);
                wr += ws;
            }
            FloatVector lo = FloatVector.broadcast(S, f.lo);
            FloatVector hi = FloatVector.broadcast(S, f.hi);
            int o = o0 + ob;
            c00 = c00.blend(lo, c00.lt(lo));
            c00.blend(hi, hi.lt(c00)).intoArray(out, o);
            c01 = c01.blend(lo, c01.lt(lo));
            c01.blend(hi, hi.lt(c01)).intoArray(out, o + V);
            c02 = c02.blend(lo, c02.lt(lo));
            c02.blend(hi, hi.lt(c02)).intoArray(out, o + 2 * V);
            o += outStride;
            c10 = c10.blend(lo, c10.lt(lo));
            c10.blend(hi, hi.lt(c10)).intoArray(out, o);
            c11 = c11.blend(lo, c11.lt(lo));
            c11.blend(hi, hi.lt(c11)).intoArray(out, o + V);
            c12 = c12.blend(lo, c12.lt(lo));
            c12.blend(hi, hi.lt(c12)).intoArray(out, o + 2 * V);
            o += outStride;
            c20 = c20.blend(lo, c20.lt(lo));
            c20.blend(hi, hi.lt(c20)).intoArray(out, o);
            c21 = c21.blend(lo, c21.lt(lo));
            c21.blend(hi, hi.lt(c21)).intoArray(out, o + V);
            c22 = c22.blend(lo, c22.lt(lo));
            c22.blend(hi, hi.lt(c22)).intoArray(out, o + 2 * V);
            o += outStride;
            c30 = c30.blend(lo, c30.lt(lo));
            c30.blend(hi, hi.lt(c30)).intoArray(out, o);
            c31 = c31.blend(lo, c31.lt(lo));
            c31.blend(hi, hi.lt(c31)).intoArray(out, o + V);
            c32 = c32.blend(lo, c32.lt(lo));
            c32.blend(hi, hi.lt(c32)).intoArray(out, o + 2 * V);
            o += outStride;
            c40 = c40.blend(lo, c40.lt(lo));
            c40.blend(hi, hi.lt(c40)).intoArray(out, o);
            c41 = c41.blend(lo, c41.lt(lo));
            c41.blend(hi, hi.lt(c41)).intoArray(out, o + V);
            c42 = c42.blend(lo, c42.lt(lo));
            c42.blend(hi, hi.lt(c42)).intoArray(out, o + 2 * V);
            o += outStride;
            c50 = c50.blend(lo, c50.lt(lo));
            c50.blend(hi, hi.lt(c50)).intoArray(out, o);
            c51 = c51.blend(lo, c51.lt(lo));
            c51.blend(hi, hi.lt(c51)).intoArray(out, o + V);
            c52 = c52.blend(lo, c52.lt(lo));
            c52.blend(hi, hi.lt(c52)).intoArray(out, o + 2 * V);
            o += outStride;
            c60 = c60.blend(lo, c60.lt(lo));
            c60.blend(hi, hi.lt(c60)).intoArray(out, o);
            c61 = c61.blend(lo, c61.lt(lo));
            c61.blend(hi, hi.lt(c61)).intoArray(out, o + V);
            c62 = c62.blend(lo, c62.lt(lo));
            c62.blend(hi, hi.lt(c62)).intoArray(out, o + 2 * V);
            o += outStride;
            c70 = c70.blend(lo, c70.lt(lo));
            c70.blend(hi, hi.lt(c70)).intoArray(out, o);
            c71 = c71.blend(lo, c71.lt(lo));
            c71.blend(hi, hi.lt(c71)).intoArray(out, o + V);
            c72 = c72.blend(lo, c72.lt(lo));
            c72.blend(hi, hi.lt(c72)).intoArray(out, o + 2 * V);
        }
    }

    /** {@link #tile8x2} for a single tap, {@code groups} groups of 8 pixels: see {@link #tile4x4OneTap}. */
    private static void tile8x2OneTap(PackedFilter f, int ob, float[] in, int a, int inStride, int wb, float[] out,
            int o0, int outStride, int groups) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        for (int g = 0; g < groups; g++, a += 8 * inStride, o0 += 8 * outStride) {
            FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
            FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
            FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
            FloatVector c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1, c70 = b0, c71 = b1;
            int a1 = a + inStride;
            int a2 = a1 + inStride;
            int a3 = a2 + inStride;
            int a4 = a3 + inStride;
            int a5 = a4 + inStride;
            int a6 = a5 + inStride;
            int a7 = a6 + inStride;
            int wr = wb + ob;
            for (int c = 0; c < depth; c++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
                FloatVector x = FloatVector.broadcast(S, in[a + c]);
                c00 = w0.fma(x, c00);
                c01 = w1.fma(x, c01);
                x = FloatVector.broadcast(S, in[a1 + c]);
                c10 = w0.fma(x, c10);
                c11 = w1.fma(x, c11);
                x = FloatVector.broadcast(S, in[a2 + c]);
                c20 = w0.fma(x, c20);
                c21 = w1.fma(x, c21);
                x = FloatVector.broadcast(S, in[a3 + c]);
                c30 = w0.fma(x, c30);
                c31 = w1.fma(x, c31);
                x = FloatVector.broadcast(S, in[a4 + c]);
                c40 = w0.fma(x, c40);
                c41 = w1.fma(x, c41);
                x = FloatVector.broadcast(S, in[a5 + c]);
                c50 = w0.fma(x, c50);
                c51 = w1.fma(x, c51);
                x = FloatVector.broadcast(S, in[a6 + c]);
                c60 = w0.fma(x, c60);
                c61 = w1.fma(x, c61);
                x = FloatVector.broadcast(S, in[a7 + c]);
                c70 = w0.fma(x, c70);
                c71 = w1.fma(x, c71);
                wr += ws;
            }
            // The clamp (see the note on the fused activation above convolve) before the stores: the 1x1 layers'
            // separate pass over the stored pixels cost about a tenth of a tile of 16 input channels.
            FloatVector lo = FloatVector.broadcast(S, f.lo);
            FloatVector hi = FloatVector.broadcast(S, f.hi);
            int o = o0 + ob;
            c00 = c00.blend(lo, c00.lt(lo));
            c00.blend(hi, hi.lt(c00)).intoArray(out, o);
            c01 = c01.blend(lo, c01.lt(lo));
            c01.blend(hi, hi.lt(c01)).intoArray(out, o + V);
            o += outStride;
            c10 = c10.blend(lo, c10.lt(lo));
            c10.blend(hi, hi.lt(c10)).intoArray(out, o);
            c11 = c11.blend(lo, c11.lt(lo));
            c11.blend(hi, hi.lt(c11)).intoArray(out, o + V);
            o += outStride;
            c20 = c20.blend(lo, c20.lt(lo));
            c20.blend(hi, hi.lt(c20)).intoArray(out, o);
            c21 = c21.blend(lo, c21.lt(lo));
            c21.blend(hi, hi.lt(c21)).intoArray(out, o + V);
            o += outStride;
            c30 = c30.blend(lo, c30.lt(lo));
            c30.blend(hi, hi.lt(c30)).intoArray(out, o);
            c31 = c31.blend(lo, c31.lt(lo));
            c31.blend(hi, hi.lt(c31)).intoArray(out, o + V);
            o += outStride;
            c40 = c40.blend(lo, c40.lt(lo));
            c40.blend(hi, hi.lt(c40)).intoArray(out, o);
            c41 = c41.blend(lo, c41.lt(lo));
            c41.blend(hi, hi.lt(c41)).intoArray(out, o + V);
            o += outStride;
            c50 = c50.blend(lo, c50.lt(lo));
            c50.blend(hi, hi.lt(c50)).intoArray(out, o);
            c51 = c51.blend(lo, c51.lt(lo));
            c51.blend(hi, hi.lt(c51)).intoArray(out, o + V);
            o += outStride;
            c60 = c60.blend(lo, c60.lt(lo));
            c60.blend(hi, hi.lt(c60)).intoArray(out, o);
            c61 = c61.blend(lo, c61.lt(lo));
            c61.blend(hi, hi.lt(c61)).intoArray(out, o + V);
            o += outStride;
            c70 = c70.blend(lo, c70.lt(lo));
            c70.blend(hi, hi.lt(c70)).intoArray(out, o);
            c71 = c71.blend(lo, c71.lt(lo));
            c71.blend(hi, hi.lt(c71)).intoArray(out, o + V);
        }
    }

    /** {@link #tile8x2} for one vector of channels: 8 accumulators, one weight vector per input channel and tap. */
    private static void tile8x1(PackedFilter f, int ob, float[] in, int a0, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + ob : 0;
        int s2 = 2 * inStride;
        int s4 = 4 * inStride;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            int q = p + c;
            c0 = w0.fma(FloatVector.broadcast(S, in[q]), c0);
            c1 = w0.fma(FloatVector.broadcast(S, in[q + inStride]), c1);
            c2 = w0.fma(FloatVector.broadcast(S, in[q + s2]), c2);
            c3 = w0.fma(FloatVector.broadcast(S, in[q + s2 + inStride]), c3);
            q += s4;
            c4 = w0.fma(FloatVector.broadcast(S, in[q]), c4);
            c5 = w0.fma(FloatVector.broadcast(S, in[q + inStride]), c5);
            c6 = w0.fma(FloatVector.broadcast(S, in[q + s2]), c6);
            c7 = w0.fma(FloatVector.broadcast(S, in[q + s2 + inStride]), c7);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + ob;
                }
            }
        }
        int o = o0 + ob;
        c0.intoArray(out, o);
        c1.intoArray(out, o + outStride);
        c2.intoArray(out, o + 2 * outStride);
        c3.intoArray(out, o + 3 * outStride);
        o += 4 * outStride;
        c4.intoArray(out, o);
        c5.intoArray(out, o + outStride);
        c6.intoArray(out, o + 2 * outStride);
        c7.intoArray(out, o + 3 * outStride);
    }

    /**
     * {@link #tile8x1} for a single tap and {@code groups} groups, clamping before its stores: see
     * {@link #tile8x2OneTap}.
     */
    private static void tile8x1OneTap(PackedFilter f, int ob, float[] in, int a, int inStride, int wb, float[] out,
            int o0, int outStride, int groups) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        for (int g = 0; g < groups; g++, a += 8 * inStride, o0 += 8 * outStride) {
            FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
            FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
            int a1 = a + inStride;
            int a2 = a1 + inStride;
            int a3 = a2 + inStride;
            int a4 = a3 + inStride;
            int a5 = a4 + inStride;
            int a6 = a5 + inStride;
            int a7 = a6 + inStride;
            int wr = wb + ob;
            for (int c = 0; c < depth; c++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                c0 = w0.fma(FloatVector.broadcast(S, in[a + c]), c0);
                c1 = w0.fma(FloatVector.broadcast(S, in[a1 + c]), c1);
                c2 = w0.fma(FloatVector.broadcast(S, in[a2 + c]), c2);
                c3 = w0.fma(FloatVector.broadcast(S, in[a3 + c]), c3);
                c4 = w0.fma(FloatVector.broadcast(S, in[a4 + c]), c4);
                c5 = w0.fma(FloatVector.broadcast(S, in[a5 + c]), c5);
                c6 = w0.fma(FloatVector.broadcast(S, in[a6 + c]), c6);
                c7 = w0.fma(FloatVector.broadcast(S, in[a7 + c]), c7);
                wr += ws;
            }
            FloatVector lo = FloatVector.broadcast(S, f.lo);
            FloatVector hi = FloatVector.broadcast(S, f.hi);
            int o = o0 + ob;
            c0 = c0.blend(lo, c0.lt(lo));
            c0.blend(hi, hi.lt(c0)).intoArray(out, o);
            o += outStride;
            c1 = c1.blend(lo, c1.lt(lo));
            c1.blend(hi, hi.lt(c1)).intoArray(out, o);
            o += outStride;
            c2 = c2.blend(lo, c2.lt(lo));
            c2.blend(hi, hi.lt(c2)).intoArray(out, o);
            o += outStride;
            c3 = c3.blend(lo, c3.lt(lo));
            c3.blend(hi, hi.lt(c3)).intoArray(out, o);
            o += outStride;
            c4 = c4.blend(lo, c4.lt(lo));
            c4.blend(hi, hi.lt(c4)).intoArray(out, o);
            o += outStride;
            c5 = c5.blend(lo, c5.lt(lo));
            c5.blend(hi, hi.lt(c5)).intoArray(out, o);
            o += outStride;
            c6 = c6.blend(lo, c6.lt(lo));
            c6.blend(hi, hi.lt(c6)).intoArray(out, o);
            o += outStride;
            c7 = c7.blend(lo, c7.lt(lo));
            c7.blend(hi, hi.lt(c7)).intoArray(out, o);
        }
    }

    /** {@link #tile4x2} with its second vector at {@code obLast}, overlapping the first (a channel count's end). */
    private static void tile4x2Overlapping(PackedFilter f, int ob, int obLast, float[] in, int a0, int inStride,
            int[] tapIn, int[] tapW, int taps, float[] out, int o0, int outStride) {
        int d1 = obLast - ob;
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + d1);
        FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + ob : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + d1);
            int q = p + c;
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            x = FloatVector.broadcast(S, in[q + inStride]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            x = FloatVector.broadcast(S, in[q + 2 * inStride]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            x = FloatVector.broadcast(S, in[q + 3 * inStride]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + ob;
                }
            }
        }
        int o = o0 + ob;
        c00.intoArray(out, o);
        c01.intoArray(out, o + d1);
        o += outStride;
        c10.intoArray(out, o);
        c11.intoArray(out, o + d1);
        o += outStride;
        c20.intoArray(out, o);
        c21.intoArray(out, o + d1);
        o += outStride;
        c30.intoArray(out, o);
        c31.intoArray(out, o + d1);
    }

    private static void tile4x1(PackedFilter f, int ob, float[] in, int a0, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector c1 = c0, c2 = c0, c3 = c0;
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + ob : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            int q = p + c;
            c0 = w0.fma(FloatVector.broadcast(S, in[q]), c0);
            c1 = w0.fma(FloatVector.broadcast(S, in[q + inStride]), c1);
            c2 = w0.fma(FloatVector.broadcast(S, in[q + 2 * inStride]), c2);
            c3 = w0.fma(FloatVector.broadcast(S, in[q + 3 * inStride]), c3);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + ob;
                }
            }
        }
        int o = o0 + ob;
        c0.intoArray(out, o);
        c1.intoArray(out, o + outStride);
        c2.intoArray(out, o + 2 * outStride);
        c3.intoArray(out, o + 3 * outStride);
    }

    private static void tile1x3(PackedFilter f, int ob, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        int wo = f.offset(ob);
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector c1 = FloatVector.fromArray(S, f.bias, ob + V);
        FloatVector c2 = FloatVector.fromArray(S, f.bias, ob + 2 * V);
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + wo : 0;
        for (int k = 0; k < total; k++) {
            FloatVector x = FloatVector.broadcast(S, in[p + c]);
            c0 = FloatVector.fromArray(S, w, wr).fma(x, c0);
            c1 = FloatVector.fromArray(S, w, wr + V).fma(x, c1);
            c2 = FloatVector.fromArray(S, w, wr + 2 * V).fma(x, c2);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + wo;
                }
            }
        }
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        c0 = c0.blend(lo, c0.lt(lo));
        c0.blend(hi, hi.lt(c0)).intoArray(out, o0 + ob);
        c1 = c1.blend(lo, c1.lt(lo));
        c1.blend(hi, hi.lt(c1)).intoArray(out, o0 + ob + V);
        c2 = c2.blend(lo, c2.lt(lo));
        c2.blend(hi, hi.lt(c2)).intoArray(out, o0 + ob + 2 * V);
    }

    private static void tile1x2(PackedFilter f, int ob, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        int wo = f.offset(ob);
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector c1 = FloatVector.fromArray(S, f.bias, ob + V);
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + wo : 0;
        for (int k = 0; k < total; k++) {
            FloatVector x = FloatVector.broadcast(S, in[p + c]);
            c0 = FloatVector.fromArray(S, w, wr).fma(x, c0);
            c1 = FloatVector.fromArray(S, w, wr + V).fma(x, c1);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + wo;
                }
            }
        }
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        c0 = c0.blend(lo, c0.lt(lo));
        c0.blend(hi, hi.lt(c0)).intoArray(out, o0 + ob);
        c1 = c1.blend(lo, c1.lt(lo));
        c1.blend(hi, hi.lt(c1)).intoArray(out, o0 + ob + V);
    }

    private static void tile1x1(PackedFilter f, int ob, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        int wo = f.offset(ob);
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        int total = taps * depth;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] + wo : 0;
        for (int k = 0; k < total; k++) {
            c0 = FloatVector.fromArray(S, w, wr).fma(FloatVector.broadcast(S, in[p + c]), c0);
            wr += ws;
            if (++c == depth) {
                c = 0;
                if (++t < taps) {
                    p = a0 + tapIn[t];
                    wr = f.base + tapW[t] + wo;
                }
            }
        }
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        c0 = c0.blend(lo, c0.lt(lo));
        c0.blend(hi, hi.lt(c0)).intoArray(out, o0 + ob);
    }

    @Override
    public void depthwise(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        if (f.wideWeights != null && pixels >= 2) {
            if (2 * f.channels == V && inStride == f.channels) {
                VectorDepthwise.depthwisePairs(f, in, inBase, tapIn, tapW, taps, out, outBase, pixels);
            } else {
                VectorDepthwise.depthwiseSpilling(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
            }
        } else if (f.multiplier != 1 || f.channels < V) {
            // A multiplier spreads one input channel over several output lanes: no contiguous vector to load.
            ScalarConvEngine.INSTANCE.depthwise(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
        } else {
            VectorDepthwise.depthwise(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
        }
    }

    @Override
    public void depthwiseRows(DepthwiseFilter f, float[] in, DepthwiseRow[] rows, int count, float[] out) {
        // At least a vector of channels: no repeated wideWeights (they are only kept for fewer).
        if (f.multiplier == 1 && f.channels >= V && rows[0].interiorPixels() < VectorDepthwise.SLIDE) {
            VectorDepthwise.depthwiseShortRows(f, in, rows, count, out);
        } else {
            ConvEngine.super.depthwiseRows(f, in, rows, count, out);
        }
    }

    @Override
    public void innerProducts(float[] w, int wBase, int depth, float[] bias, float lo, float hi, float[] in,
            int inBase, int rows, int oFrom, int oTo, float[] out, int outBase, int outStride) {
        int full = depth - depth % V;
        for (int b = 0; b < rows; b++) {
            int x = inBase + b * depth;
            int o = oFrom;
            for (; o + 4 <= oTo; o += 4) {
                dot4(w, wBase + o * depth, depth, full, in, x, bias, o, lo, hi, out, outBase + b * outStride + o);
            }
            for (; o < oTo; o++) {
                float sum = dot1(w, wBase + o * depth, depth, full, in, x);
                out[outBase + b * outStride + o] = ScalarConvEngine.clamp(bias[o] + sum, lo, hi);
            }
        }
    }

    /** One inner product (in its own method: vectors kept across loops nested in others get boxed by C2). */
    private static float dot1(float[] w, int wr, int depth, int full, float[] in, int x) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < full; i += V) {
            acc = FloatVector.fromArray(S, w, wr + i).fma(FloatVector.fromArray(S, in, x + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int i = full; i < depth; i++) {
            sum += in[x + i] * w[wr + i];
        }
        return sum;
    }

    /** Four consecutive output rows of {@link #innerProducts}: each input vector loaded serves four rows. */
    private static void dot4(float[] w, int wr, int depth, int full, float[] in, int x, float[] bias, int o, float lo,
            float hi, float[] out, int at) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int r1 = wr + depth;
        int r2 = r1 + depth;
        int r3 = r2 + depth;
        for (int i = 0; i < full; i += V) {
            FloatVector xv = FloatVector.fromArray(S, in, x + i);
            a0 = FloatVector.fromArray(S, w, wr + i).fma(xv, a0);
            a1 = FloatVector.fromArray(S, w, r1 + i).fma(xv, a1);
            a2 = FloatVector.fromArray(S, w, r2 + i).fma(xv, a2);
            a3 = FloatVector.fromArray(S, w, r3 + i).fma(xv, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD);
        float s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD);
        float s3 = a3.reduceLanes(VectorOperators.ADD);
        for (int i = full; i < depth; i++) {
            float v = in[x + i];
            s0 += v * w[wr + i];
            s1 += v * w[r1 + i];
            s2 += v * w[r2 + i];
            s3 += v * w[r3 + i];
        }
        out[at] = ScalarConvEngine.clamp(bias[o] + s0, lo, hi);
        out[at + 1] = ScalarConvEngine.clamp(bias[o + 1] + s1, lo, hi);
        out[at + 2] = ScalarConvEngine.clamp(bias[o + 2] + s2, lo, hi);
        out[at + 3] = ScalarConvEngine.clamp(bias[o + 3] + s3, lo, hi);
    }
}
