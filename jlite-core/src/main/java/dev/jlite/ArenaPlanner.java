package dev.jlite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places tensors in one array so that tensors alive at the same time never overlap, greedily as TensorFlow Lite's
 * arena planner does: one tensor at a time (largest first, among other orders tried), each at the lowest offset
 * where it fits between the tensors already placed whose lifetimes intersect its own.
 */
final class ArenaPlanner {
    /** Offsets are multiples of this many elements (64 bytes for 4-byte elements: a cache line). */
    static final int ALIGNMENT = 16;
    /**
     * Bytes in front of the planned offsets in each arena array. HotSpot's default collector (G1) places an array
     * larger than half a heap region (2 MB with a 6 GB heap) at the start of a region, and its elements begin 16
     * bytes in (the array header with compressed class pointers): a 48-byte lead puts every tensor of such an arena
     * on a 64-byte boundary, so no 256-bit vector load straddles two cache lines. Measured on 1 thread, interpreters
     * with and without the lead interleaved in one JVM: 1-8% faster on 10 of the 11 MediaPipe models (all but the
     * one whose 1.4 MB arena is not a humongous object there). Where an arena is smaller, or another collector
     * places it, its elements are 8-byte aligned anywhere and the lead neither helps nor hurts: Java has no way to
     * ask an array's address.
     */
    static final int LEAD_BYTES = 48;

    /** A tensor to place: its size in elements and the first and last step it is alive (inclusive). */
    record Request(int id, int size, int first, int last) {}

    private ArenaPlanner() {}

    /**
     * Orders in which to place tensors; the planner keeps whichever packs the arena smallest. The last, longest
     * lifetime first, is the only one that reaches the live-tensor peak on hand_landmark_full once its ADDs fold
     * into the convolutions (a folded ADD's other operand lives until the convolution; the others left it 5% above).
     */
    private static final List<Comparator<Request>> ORDERS = List.of(
            Comparator.comparingInt(Request::size).reversed().thenComparingInt(Request::id),
            Comparator.comparingInt(Request::size).reversed().thenComparingInt(Request::first),
            Comparator.comparingInt(Request::size).reversed().thenComparing(Comparator.comparingInt(Request::last)
                    .reversed()),
            Comparator.comparingLong((Request r) -> (long) r.size() * (r.last() - r.first() + 1)).reversed()
                    .thenComparingInt(Request::id),
            Comparator.comparingInt(Request::first).thenComparing(Comparator.comparingInt(Request::size).reversed()),
            Comparator.comparingInt((Request r) -> r.last() - r.first()).reversed()
                    .thenComparing(Comparator.comparingInt(Request::size).reversed()));

    /** At most this many steps where the live tensors peak seed a placement order of their own. */
    private static final int PEAK_SEEDS = 4;

    /**
     * Returns the offset of each request (indexed by request position) and, as the last element, the arena size
     * in elements. Greedy placement is a heuristic; trying a few orders and keeping the best costs little at prepare
     * time. The most elements alive at one step (sizes rounded up to the alignment) is a lower bound for any plan,
     * so the first plan that reaches it ends the search.
     */
    static long[] plan(List<Request> requests) {
        long bound = livePeak(requests, null);
        long[] best = null;
        for (Comparator<Request> order : orders(requests)) {
            for (boolean bestFit : new boolean[] {false, true}) {
                long[] offsets = plan(requests, order, bestFit);
                if (best == null || offsets[requests.size()] < best[requests.size()]) {
                    best = offsets;
                    if (offsets[requests.size()] <= bound) {
                        return best;
                    }
                }
            }
        }
        return best;
    }

    /**
     * The orders to try: largest first (TensorFlow Lite's), then for each step where the live tensors peak, those
     * tensors (in the order they are produced, so they stack without gaps) followed by the rest largest first, then
     * the other fixed orders. Largest-first alone puts the
     * biggest tensor at offset 0, which can leave its smaller neighbours in time no gap below it, so the arena
     * ends up above the peak by one tensor; seeding the peak's tensors first settles the tightest step at once.
     */
    private static List<Comparator<Request>> orders(List<Request> requests) {
        List<Integer> peaks = new ArrayList<>();
        livePeak(requests, peaks);
        List<Comparator<Request>> orders = new ArrayList<>();
        Comparator<Request> largestFirst = ORDERS.get(0);
        orders.add(largestFirst);
        for (int step : peaks) {
            Comparator<Request> seeded = Comparator.comparingInt((Request r) -> r.first() <= step && step <= r.last()
                    ? 0 : 1);
            Comparator<Request> withinPeak = (a, b) -> a.first() <= step && step <= a.last()
                    ? Comparator.comparingInt(Request::first).thenComparing(largestFirst).compare(a, b)
                    : largestFirst.compare(a, b);
            orders.add(seeded.thenComparing(withinPeak));
        }
        orders.addAll(ORDERS.subList(1, ORDERS.size()));
        return orders;
    }

    /**
     * The most aligned elements alive at one step; when {@code peakSteps} is not null, adds to it the first
     * {@link #PEAK_SEEDS} steps that reach it.
     */
    private static long livePeak(List<Request> requests, List<Integer> peakSteps) {
        int lastStep = 0;
        int firstStep = 0;
        for (Request r : requests) {
            lastStep = Math.max(lastStep, r.last());
            firstStep = Math.min(firstStep, r.first());
        }
        long[] delta = new long[lastStep - firstStep + 2];
        for (Request r : requests) {
            delta[r.first() - firstStep] += align(r.size());
            delta[r.last() - firstStep + 1] -= align(r.size());
        }
        long live = 0;
        long peak = 0;
        for (int i = 0; i < delta.length; i++) {
            live += delta[i];
            peak = Math.max(peak, live);
        }
        if (peakSteps != null) {
            live = 0;
            for (int i = 0; i < delta.length && peakSteps.size() < PEAK_SEEDS; i++) {
                live += delta[i];
                if (live == peak) {
                    peakSteps.add(i + firstStep);
                }
            }
        }
        return peak;
    }

    /**
     * One greedy placement: each tensor goes into the lowest gap it fits (first fit) or the smallest one (best
     * fit), among the tensors already placed that are alive at the same time; else after all of them.
     */
    private static long[] plan(List<Request> requests, Comparator<Request> comparator, boolean bestFit) {
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> comparator.compare(requests.get(a), requests.get(b)));
        long[] offsets = new long[requests.size() + 1];
        List<long[]> placed = new ArrayList<>(); // {offset, end, first, last}
        long arenaSize = 0;
        for (int position : order) {
            Request r = requests.get(position);
            List<long[]> overlapping = new ArrayList<>();
            for (long[] p : placed) {
                if (p[2] <= r.last() && r.first() <= p[3]) {
                    overlapping.add(p);
                }
            }
            overlapping.sort(Comparator.comparingLong(p -> p[0]));
            long candidate = -1;
            long candidateGap = Long.MAX_VALUE;
            long gapStart = 0;
            for (long[] p : overlapping) {
                long gap = p[0] - gapStart;
                if (gap >= r.size() && gap < candidateGap) {
                    candidate = gapStart;
                    candidateGap = gap;
                    if (!bestFit) {
                        break;
                    }
                }
                gapStart = Math.max(gapStart, align(p[1]));
            }
            if (candidate < 0) {
                candidate = gapStart;
            }
            long end = candidate + r.size();
            placed.add(new long[] {candidate, end, r.first(), r.last()});
            offsets[position] = candidate;
            arenaSize = Math.max(arenaSize, end);
        }
        offsets[requests.size()] = arenaSize;
        return offsets;
    }

    private static long align(long x) {
        return (x + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
