package dev.jlite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places tensors in one array so that tensors alive at the same time never overlap, greedily by size as
 * TensorFlow Lite's arena planner does: the largest tensor first, each at the lowest offset where it fits between
 * the tensors already placed whose lifetimes intersect its own.
 */
final class ArenaPlanner {
    /** Offsets are multiples of this many elements, so every tensor starts on a cache-line boundary. */
    static final int ALIGNMENT = 16;

    /** A tensor to place: its size in elements and the first and last step it is alive (inclusive). */
    record Request(int id, int size, int first, int last) {}

    private ArenaPlanner() {}

    /**
     * Returns the offset of each request (indexed by request position) and, as the last element, the arena size
     * in elements.
     */
    static long[] plan(List<Request> requests) {
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer i) -> requests.get(i).size()).reversed()
                .thenComparingInt(i -> requests.get(i).id()));
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
            long candidate = 0;
            for (long[] p : overlapping) {
                if (p[0] - candidate >= r.size()) {
                    break;
                }
                candidate = Math.max(candidate, align(p[1]));
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
