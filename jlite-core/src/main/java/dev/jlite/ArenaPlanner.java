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
    /** Offsets are multiples of this many elements, so every tensor starts on a cache-line boundary. */
    static final int ALIGNMENT = 16;

    /** A tensor to place: its size in elements and the first and last step it is alive (inclusive). */
    record Request(int id, int size, int first, int last) {}

    private ArenaPlanner() {}

    /** Orders in which to place tensors; the planner keeps whichever packs the arena smallest. */
    private static final List<Comparator<Request>> ORDERS = List.of(
            Comparator.comparingInt(Request::size).reversed().thenComparingInt(Request::id),
            Comparator.comparingInt(Request::size).reversed().thenComparingInt(Request::first),
            Comparator.comparingInt(Request::size).reversed().thenComparing(Comparator.comparingInt(Request::last)
                    .reversed()),
            Comparator.comparingLong((Request r) -> (long) r.size() * (r.last() - r.first() + 1)).reversed()
                    .thenComparingInt(Request::id),
            Comparator.comparingInt(Request::first).thenComparing(Comparator.comparingInt(Request::size).reversed()));

    /**
     * Returns the offset of each request (indexed by request position) and, as the last element, the arena size
     * in elements. Greedy placement is a heuristic; trying a few orders and keeping the best costs little at prepare
     * time and often reaches the lower bound (the most elements alive at one step).
     */
    static long[] plan(List<Request> requests) {
        long[] best = null;
        for (Comparator<Request> order : ORDERS) {
            for (boolean bestFit : new boolean[] {false, true}) {
                long[] offsets = plan(requests, order, bestFit);
                if (best == null || offsets[requests.size()] < best[requests.size()]) {
                    best = offsets;
                }
            }
        }
        return best;
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
