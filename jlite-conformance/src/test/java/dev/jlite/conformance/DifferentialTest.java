package dev.jlite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.testing.OfficialInterpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential suite: for every generator of {@link Families}, {@code jlite.diff.cases} seeded cases (default
 * {@value #DEFAULT_CASES}), each run in the official TensorFlow Lite 2.6.2 interpreter and in jlite (SIMD kernels
 * on and off; every fourth case on two threads), compared per {@link Tolerance}. A failure names the seed and the
 * command that replays the case alone. {@code -Djlite.diff.only=ADD} (an op, {@code ADD/INT8}, or a variant such as
 * {@code FULLY_CONNECTED/FLOAT32/HYBRID}) narrows the run.
 */
class DifferentialTest {
    static final int DEFAULT_CASES = 200;
    private static final long BASE_SEED = Long.getLong("jlite.diff.baseSeed", 20261125L);
    private static final int CASES = Integer.getInteger("jlite.diff.cases", DEFAULT_CASES);
    private static final String ONLY = System.getProperty("jlite.diff.only", "");
    private static final Long REPLAY_SEED = Long.getLong("jlite.diff.seed");
    /** {@code -Djlite.diff.trace=true} prints each case before it runs. */
    private static final boolean TRACE = Boolean.getBoolean("jlite.diff.trace");
    private static final int SHOWN_FAILURES = 5;

    /** Per generator: {cases run, cases passed}. */
    private static final Map<String, int[]> COUNTS = new TreeMap<>();

    @BeforeAll
    static void officialInterpreterIsHere() {
        assertThat(OfficialInterpreter.isAvailable()).as("official interpreter: %s",
                OfficialInterpreter.unavailableReason()).isTrue();
    }

    @TestFactory
    Stream<DynamicTest> everyGeneratorAgreesWithTheOfficialInterpreter() {
        return Families.all().stream().filter(DifferentialTest::selected)
                .map(g -> DynamicTest.dynamicTest(g.key(), () -> run(g)));
    }

    private static boolean selected(OpCases g) {
        return ONLY.isEmpty() || ONLY.equals(g.op()) || ONLY.equals(g.registrationKey()) || ONLY.equals(g.key());
    }

    /** The seed of case {@code i} of a generator: stable across runs, JVMs and the order generators run in. */
    static long caseSeed(OpCases g, int i) {
        long h = BASE_SEED * 0x9E3779B97F4A7C15L + g.key().hashCode();
        return mix(h + i * 0xBF58476D1CE4E5B9L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void run(OpCases g) {
        List<String> failures = new ArrayList<>();
        int cases = REPLAY_SEED != null ? 1 : CASES;
        int passed = 0;
        for (int i = 0; i < cases; i++) {
            long seed = REPLAY_SEED != null ? REPLAY_SEED : caseSeed(g, i);
            String why = runCase(g, seed, i % 4 == 3 ? 2 : 1);
            if (why == null) {
                passed++;
            } else {
                failures.add(why + "\n    replay: mvn -o test -pl jlite-conformance -am -Dtest=DifferentialTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Djlite.diff.only=" + g.key()
                        + " -Djlite.diff.seed=" + seed);
            }
        }
        synchronized (COUNTS) {
            COUNTS.put(g.key(), new int[] {cases, passed});
        }
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder(g.key() + ": " + failures.size() + " of " + cases
                    + " cases disagree with the official interpreter");
            failures.stream().limit(SHOWN_FAILURES).forEach(f -> message.append("\n  ").append(f));
            throw new AssertionError(message.toString());
        }
    }

    private static String runCase(OpCases g, long seed, int threads) {
        DiffCase c;
        try {
            c = g.generator().apply(new CaseRandom(seed));
        } catch (RuntimeException e) {
            return "seed " + seed + ": the generator failed: " + e;
        }
        DiffRunner.Reference expected;
        try {
            if (TRACE) {
                // Printed before the official run: a case that crashes the official interpreter is the last one shown.
                System.out.println("case " + seed + " " + c.description());
                System.out.flush();
            }
            expected = DiffRunner.official(c);
        } catch (RuntimeException e) {
            return "seed " + seed + " [" + c.description() + "]: the official interpreter rejects the case: " + e;
        }
        for (boolean simd : new boolean[] {true, false}) {
            String why = DiffRunner.compare(c, expected, simd, threads);
            if (why != null) {
                return "seed " + seed + " [" + c.description() + "] (" + (simd ? "SIMD" : "scalar") + ", "
                        + threads + " thread" + (threads > 1 ? "s" : "") + "): " + why;
            }
        }
        return null;
    }

    @AfterAll
    static void printCounts() {
        Map<String, int[]> perOp = new TreeMap<>();
        int total = 0;
        int totalPassed = 0;
        for (Map.Entry<String, int[]> e : COUNTS.entrySet()) {
            String op = e.getKey().substring(0, e.getKey().indexOf('/'));
            int[] c = perOp.computeIfAbsent(op, k -> new int[2]);
            c[0] += e.getValue()[0];
            c[1] += e.getValue()[1];
            total += e.getValue()[0];
            totalPassed += e.getValue()[1];
        }
        StringBuilder out = new StringBuilder("differential suite (cases passed / run, per op and type):\n");
        for (Map.Entry<String, int[]> e : perOp.entrySet()) {
            StringBuilder types = new StringBuilder();
            for (Map.Entry<String, int[]> t : COUNTS.entrySet()) {
                if (t.getKey().startsWith(e.getKey() + "/")) {
                    types.append(' ').append(t.getKey().substring(e.getKey().length() + 1)).append(' ')
                            .append(t.getValue()[1]).append('/').append(t.getValue()[0]);
                }
            }
            out.append(String.format("  %-28s %5d/%-5d %s%n", e.getKey(), e.getValue()[1], e.getValue()[0], types));
        }
        out.append(String.format("  %d ops, %d generators, %d/%d cases passed%n", perOp.size(), COUNTS.size(),
                totalPassed, total));
        System.out.print(out);
    }
}
