package dev.jlite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places tensors in one array so that tensors alive at the same time never overlap, greedily as TensorFlow Lite's
 * arena planner does: one tensor at a time (largest first, then orders repaired towards the live-tensor peak), each
 * at the lowest offset where it fits between the tensors already placed whose lifetimes intersect its own.
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
     * At most this many placements per plan. Each round after the first moves one tensor to the front of the order,
     * so this bounds the prepare-time cost on a graph whose peak greedy placement cannot reach; the MediaPipe models
     * reach it within 19 rounds.
     */
    static final int MAX_ROUNDS = 64;

    /**
     * Returns the offset of each request (indexed by request position) and, as the last element, the arena size
     * in elements.
     *
     * <p>The first round places the tensors largest first (TensorFlow Lite's order). The most elements alive at one
     * step (sizes rounded up to the alignment) is a lower bound for any plan; while a round's arena is above it,
     * the first tensor in the order that landed above the bound moves to the front of the order and the tensors
     * are placed again. Largest first puts the biggest tensor at offset 0, which can leave a smaller tensor alive
     * beside it and its successor no room under the peak (a residual block's input, read by the ADD that the
     * convolution writing the next large tensor performs); placed first, that tensor takes the bottom and the large
     * ones stack around it. The smallest arena of all rounds is kept.
     */
    static long[] plan(List<Request> requests) {
        int n = requests.size();
        long bound = livePeak(requests);
        int[][] neighbours = neighbours(requests);
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> requests.get(i).size()).reversed()
                .thenComparingInt(i -> requests.get(i).id()));
        long[] best = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            long[] offsets = place(requests, neighbours, order);
            if (best == null || offsets[n] < best[n]) {
                best = offsets;
            }
            if (offsets[n] <= bound) {
                break;
            }
            for (int k = 0; k < n; k++) {
                int r = order.get(k);
                if (offsets[r] + requests.get(r).size() > bound) {
                    order.add(0, order.remove(k));
                    break;
                }
            }
        }
        return best;
    }

    /**
     * For each request, the requests whose lifetimes intersect its own. A sweep in order of first step visits only
     * the pairs that meet (a model's tensors mostly live a few steps), not all n^2 / 2 pairs, which took two thirds
     * of planning in the bytecode interpreter, where code that runs once per model stays (-Xint samples,
     * face_detection_short_range).
     */
    private static int[][] neighbours(List<Request> requests) {
        int n = requests.size();
        int[] first = new int[n];
        int[] last = new int[n];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            first[i] = requests.get(i).first();
            last[i] = requests.get(i).last();
            // First step in the high bits, index in the low: sorting the keys orders the requests by first step.
            keys[i] = ((long) first[i] << 32) | i;
        }
        java.util.Arrays.sort(keys);
        int[] byFirst = new int[n];
        for (int i = 0; i < n; i++) {
            byFirst[i] = (int) keys[i];
        }
        int[] counts = new int[n];
        for (int x = 0; x < n; x++) {
            int a = byFirst[x];
            // Later requests start no earlier than a, so they meet a exactly when they start by its last step.
            for (int y = x + 1; y < n && first[byFirst[y]] <= last[a]; y++) {
                counts[a]++;
                counts[byFirst[y]]++;
            }
        }
        int[][] neighbours = new int[n][];
        for (int a = 0; a < n; a++) {
            neighbours[a] = new int[counts[a]];
            counts[a] = 0;
        }
        for (int x = 0; x < n; x++) {
            int a = byFirst[x];
            for (int y = x + 1; y < n && first[byFirst[y]] <= last[a]; y++) {
                int b = byFirst[y];
                neighbours[a][counts[a]++] = b;
                neighbours[b][counts[b]++] = a;
            }
        }
        return neighbours;
    }

    /** The most aligned elements alive at one step. */
    private static long livePeak(List<Request> requests) {
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
        for (long d : delta) {
            live += d;
            peak = Math.max(peak, live);
        }
        return peak;
    }

    /**
     * One greedy placement in the given order: each tensor goes into the lowest gap it fits among the tensors
     * already placed that are alive at the same time, else above all of them.
     */
    private static long[] place(List<Request> requests, int[][] neighbours, List<Integer> order) {
        int n = requests.size();
        long[] offsets = new long[n + 1];
        boolean[] placed = new boolean[n];
        int[] below = new int[n];
        long arenaSize = 0;
        for (int r : order) {
            int count = 0;
            for (int b : neighbours[r]) {
                if (placed[b]) {
                    // Insertion by offset: most tensors meet only a few others.
                    int k = count++;
                    while (k > 0 && offsets[below[k - 1]] > offsets[b]) {
                        below[k] = below[k - 1];
                        k--;
                    }
                    below[k] = b;
                }
            }
            int size = requests.get(r).size();
            long gapStart = 0;
            for (int k = 0; k < count && offsets[below[k]] - gapStart < size; k++) {
                gapStart = Math.max(gapStart, align(offsets[below[k]] + requests.get(below[k]).size()));
            }
            offsets[r] = gapStart;
            placed[r] = true;
            arenaSize = Math.max(arenaSize, gapStart + size);
        }
        offsets[n] = arenaSize;
        return offsets;
    }

    private static long align(long x) {
        return (x + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
