package dev.jlite.bench;

import dev.jlite.Interpreter;
import dev.jlite.model.Operator;
import dev.jlite.model.Subgraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where jlite's threads gain and where they do not, operator by operator: one interpreter on 1 thread and one on
 * {@code --threads}, in one JVM, in alternating blocks of inferences (inputs copied in, as a caller's; each block
 * after the other's pool has gone idle), so
 * that both are timed in the same windows of this host's speed; two runs of {@code jlite bench --profile} minutes
 * apart differ by more than most operators' gain. Prints both interpreters' median time per inference (profiling
 * off) and, from their operator profiles (profiling on, in other blocks), each operator's mean time, its speed-up,
 * and the time it takes beyond {@code 1-thread time / --target} (default 1.7, issue 3's goal), largest first. On more
 * than one thread a depthwise layer runs the 1x1 convolution after it piece by piece, so that convolution has no
 * time of its own there: its 1-thread time is added to the depthwise layer's ("+" after the type).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jlite-bench.jar dev.jlite.bench.OperatorScaling [--threads N]
 *     [--rounds R] [--target X] [--top K] MODEL
 * </pre>
 */
public final class OperatorScaling {
    private static final double WARM_SECONDS = 8;
    /** Inferences per timed block. */
    private static final int BLOCK = 10;
    /** Untimed inferences that wake a block's pool after the pause, as PairedModelBench's WAKE_MS. */
    private static final long WAKE_NANOS = 15_000_000L;

    private OperatorScaling() {}

    public static void main(String[] args) throws Exception {
        int threads = 2;
        int rounds = 40;
        double target = 1.7;
        int top = 25;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--target" -> target = Double.parseDouble(args[++i]);
                case "--top" -> top = Integer.parseInt(args[++i]);
                default -> name = args[i];
            }
        }
        if (name == null || threads < 2 || rounds < 1) {
            System.err.println("usage: OperatorScaling [--threads N>1] [--rounds R] [--target X] [--top K] MODEL");
            System.exit(2);
        }
        SharedModel shared = SharedModel.load(name);
        Interpreter[] its = {interpreter(shared, 1), interpreter(shared, threads)};
        try {
            long end = System.nanoTime() + (long) (WARM_SECONDS * 1e9);
            while (System.nanoTime() < end) {
                run(its[0], shared);
                run(its[1], shared);
            }
            List<List<Double>> ms = List.of(new ArrayList<>(), new ArrayList<>());
            List<Map<Integer, long[]>> ops = List.of(new TreeMap<>(), new TreeMap<>());
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    int e = round % 2 == 0 ? k : 1 - k;
                    block(its[e], shared, false, ms.get(e), null);
                    block(its[e], shared, true, null, ops.get(e));
                }
            }
            double one = median(ms.get(0));
            double many = median(ms.get(1));
            System.out.printf(Locale.ROOT, "%s: 1 thread %.3f ms, %d threads %.3f ms, speed-up %.2fx (medians of %d "
                    + "inferences each)%n", shared.name, one, threads, many, one / many, ms.get(0).size());
            print(shared, ops.get(0), ops.get(1), threads, target, top);
        } finally {
            its[0].close();
            its[1].close();
        }
    }

    private static Interpreter interpreter(SharedModel shared, int threads) {
        return new Interpreter(shared.model, new Interpreter.Options().setNumThreads(threads));
    }

    /** One inference, its inputs copied in first: the arena may reuse an input's memory once it is consumed. */
    private static void run(Interpreter it, SharedModel shared) {
        for (int i = 0; i < shared.inputs.length; i++) {
            it.setInput(i, shared.inputs[i]);
        }
        it.invoke();
    }

    /**
     * After a pause for the other interpreter's pool to go idle and a few untimed inferences, {@link #BLOCK}
     * inferences: their times into {@code ms}, or with profiling on, each operator's nanoseconds and runs into
     * {@code ops}.
     */
    private static void block(Interpreter it, SharedModel shared, boolean profile, List<Double> ms,
            Map<Integer, long[]> ops) throws InterruptedException {
        Thread.sleep(PairedModelBench.SETTLE_MS);
        long wake = System.nanoTime() + WAKE_NANOS;
        while (System.nanoTime() < wake) {
            run(it, shared);
        }
        it.setProfiling(profile);
        for (int i = 0; i < BLOCK; i++) {
            long start = System.nanoTime();
            run(it, shared);
            if (ms != null) {
                ms.add((System.nanoTime() - start) / 1e6);
            }
        }
        if (profile) {
            for (Interpreter.OperatorTiming t : it.operatorProfile()) {
                long[] a = ops.computeIfAbsent(t.index(), x -> new long[2]);
                a[0] += t.nanos();
                a[1] += BLOCK;
            }
            it.setProfiling(false);
        }
    }

    /**
     * An operator of the multi-thread profile: its mean ms there, and on 1 thread its own plus those of the operators
     * after it that the multi-thread profile lacks (run piece by piece inside it), {@code folded} of them.
     */
    record Group(int node, double oneMs, double manyMs, int folded) {
        double over(double target) {
            return manyMs - oneMs / target;
        }
    }

    /**
     * The groups of two profiles (operator index to nanoseconds and runs), in run order. An operator missing from
     * the multi-thread profile is added to the last one before it that is there; one before any such is dropped.
     */
    static List<Group> groups(Map<Integer, long[]> one, Map<Integer, long[]> many) {
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : new TreeMap<>(one).entrySet()) {
            double oneMs = e.getValue()[0] / 1e6 / e.getValue()[1];
            long[] m = many.get(e.getKey());
            if (m != null) {
                groups.add(new Group(e.getKey(), oneMs, m[0] / 1e6 / m[1], 0));
            } else if (!groups.isEmpty()) {
                Group g = groups.get(groups.size() - 1);
                groups.set(groups.size() - 1, new Group(g.node, g.oneMs + oneMs, g.manyMs, g.folded + 1));
            }
        }
        return groups;
    }

    /** The groups, largest time beyond {@code 1 thread / target} first, with each operator's type and shapes. */
    private static void print(SharedModel shared, Map<Integer, long[]> one, Map<Integer, long[]> many, int threads,
            double target, int top) {
        Subgraph g = shared.model.subgraph(0);
        List<Group> groups = groups(one, many);
        double sumOne = groups.stream().mapToDouble(Group::oneMs).sum();
        double sumMany = groups.stream().mapToDouble(Group::manyMs).sum();
        System.out.printf(Locale.ROOT, "operators (profiled blocks): 1 thread %.3f ms, %d threads %.3f ms, %.2fx; "
                + "over %.3f ms beyond 1 thread / %.2f%n", sumOne, threads, sumMany, sumOne / sumMany,
                sumMany - sumOne / target, target);
        System.out.printf(Locale.ROOT, "%5s  %-24s %-38s %9s %9s %8s %9s%n", "node", "type", "shape",
                "1 thr ms", threads + " thr ms", "speed-up", "over ms");
        groups.sort(Comparator.comparingDouble((Group x) -> -x.over(target)));
        for (Group x : groups.subList(0, Math.min(top, groups.size()))) {
            Operator op = g.operators().get(x.node);
            String shape = Arrays.toString(g.tensor(op.inputs()[0]).shape()) + " -> "
                    + Arrays.toString(g.tensor(op.outputs()[0]).shape());
            String type = shared.model.operatorCodes().get(op.opcodeIndex()) + (x.folded > 0 ? "+" : "");
            System.out.printf(Locale.ROOT, "%5d  %-24s %-38s %9.3f %9.3f %7.2fx %9.3f%n", x.node, type, shape,
                    x.oneMs, x.manyMs, x.oneMs / x.manyMs, x.over(target));
        }
    }

    private static double median(List<Double> values) {
        return BenchTable.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
