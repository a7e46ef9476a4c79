package dev.jlite.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jlite.cli.Inspection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JSON of JMH runs of {@link PairedModelBench}, {@link ModelBench}, {@link FirstInferenceBench} and
 * {@link ReopenBench} into the markdown tables of BENCHMARKS.md: per model and thread count jlite's and TFLite
 * XNNPACK's latency and their ratio measured in one JVM ({@link PairedFigure}), TFLite's builtin kernels in a fork
 * of their own, jlite's GFLOP/s and share of the machine's peak, its heap allocation per inference, the
 * first-inference times, and the arena against the live-tensor lower bound (from {@code jlite inspect}). Without
 * PairedModelBench results (older runs) jlite and XNNPACK come from ModelBench's forks, one per engine.
 *
 * <pre>
 * BenchTable JMH_JSON... [--out FILE] [--update BENCHMARKS.md] [--peak-gflops-per-core X] [--alloc-sites DIR]
 * </pre>
 * With --update, the text between {@code <!-- bench-table:begin -->} and {@code <!-- bench-table:end -->} in that
 * file is replaced by the tables. With --alloc-sites (the allocation pass's JFR directory, {@link AllocationSites}),
 * each row at or above {@link #SITES_BYTES} per inference gets a ‡ line naming the methods that allocated.
 */
public final class BenchTable {
    static final String BEGIN = "<!-- bench-table:begin -->";
    static final String END = "<!-- bench-table:end -->";

    /** One measured figure: the median in ms, and the heap bytes per operation when -prof gc ran. */
    record Figure(double medianMs, Double allocBytes) {}

    /**
     * Heap bytes per inference from the allocation pass (ModelBench in average-time mode), by model/engine/threads.
     * They replace the latency runs' figures: in sample mode JMH builds each iteration's statistics inside the
     * measured window (about 60 KB, 1.5 KB per inference of a model that runs 45 times a second).
     */
    private final Map<String, Double> allocations = new HashMap<>();

    private final Map<String, Figure> steady = new LinkedHashMap<>(); // key: model/engine/threads
    private final Map<String, PairedFigure> paired = new HashMap<>(); // key: model/threads
    private final Map<String, double[]> first = new LinkedHashMap<>(); // key: model/engine -> shots, ms
    /** The cold shots whose forks mapped a class-data-sharing archive; key as in {@link #first}. */
    private final Map<String, double[]> firstShared = new LinkedHashMap<>();
    private final Map<String, double[]> reopen = new LinkedHashMap<>(); // key: model/engine -> shots, ms
    private final Set<String> models = new LinkedHashSet<>();
    private final Set<Integer> threadCounts = new java.util.TreeSet<>();
    private String jvm = "?";
    private String settings = "";
    private String pairedSettings = "";
    private String allocSettings = "";
    /** The allocation pass's sites by model/engine/threads ({@link AllocationSites#read}), or null: no ‡ lines. */
    private Map<String, List<AllocationSites.Site>> allocationSites;

    public static void main(String[] args) throws IOException {
        Path out = null;
        Path update = null;
        Double peakOverride = null;
        Double peakMeasured = null;
        Path sites = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                inputs.add(Path.of(args[i]));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--update" -> update = Path.of(args[++i]);
                case "--peak-gflops-per-core" -> peakOverride = Double.parseDouble(args[++i]);
                case "--measured-peak-gflops" -> peakMeasured = Double.parseDouble(args[++i]);
                case "--alloc-sites" -> sites = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (inputs.isEmpty()) {
            System.err.println("usage: BenchTable JMH_JSON... [--out FILE] [--update BENCHMARKS.md] "
                    + "[--peak-gflops-per-core X | --measured-peak-gflops X] [--alloc-sites DIR]");
            System.exit(2);
        }
        BenchTable table = new BenchTable();
        for (Path input : inputs) {
            table.read(JsonParser.parseString(Files.readString(input)).getAsJsonArray());
        }
        if (sites != null) {
            table.allocationSites(AllocationSites.read(sites));
        }
        Peak peak = peakOverride != null ? new Peak(peakOverride, "given with --peak-gflops-per-core")
                : peakMeasured != null ? Peak.measured(peakMeasured, Peak.ofThisMachine())
                : Peak.ofThisMachine();
        String markdown = table.markdown(peak);
        System.out.print(markdown);
        if (out != null) {
            Files.writeString(out, markdown);
        }
        if (update != null) {
            Files.writeString(update, replaceSection(Files.readString(update), markdown));
            System.err.println("updated " + update);
        }
    }

    void read(JsonArray results) {
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            String benchmark = r.get("benchmark").getAsString();
            JsonObject params = r.getAsJsonObject("params");
            String model = params.get("model").getAsString();
            String engine = text(params, "engine"); // "?" in PairedModelBench, which runs both
            JsonObject primary = r.getAsJsonObject("primaryMetric");
            jvm = r.get("jdkVersion").getAsString() + " (" + r.get("vmName").getAsString() + ")";
            models.add(model);
            if (benchmark.endsWith("PairedModelBench.pair")) {
                int threads = params.get("threads").getAsInt();
                threadCounts.add(threads);
                paired.put(model + "/" + threads, PairedFigure.of(r));
                pairedSettings = settings(r);
            } else if (benchmark.endsWith("ModelBench.inference") && "avgt".equals(text(r, "mode"))) {
                // The allocation pass: average-time mode keeps no per-sample bookkeeping.
                allocations.put(key(model, engine, params.get("threads").getAsInt()), allocation(r));
                allocSettings = settings(r);
            } else if (benchmark.endsWith("ModelBench.inference")) {
                int threads = params.get("threads").getAsInt();
                threadCounts.add(threads);
                double median = primary.getAsJsonObject("scorePercentiles").get("50.0").getAsDouble();
                steady.put(key(model, engine, threads), new Figure(median, allocation(r)));
                settings = settings(r);
            } else if (benchmark.endsWith("FirstInferenceBench.firstInference")) {
                (sharesClasses(r) ? firstShared : first).put(model + "/" + engine, shots(primary));
            } else if (benchmark.endsWith("ReopenBench.reopen")) {
                reopen.put(model + "/" + engine, shots(primary));
            }
        }
    }

    /** Where the allocation pass's forks allocated, for the ‡ lines; without it the tables have none. */
    void allocationSites(Map<String, List<AllocationSites.Site>> sites) {
        allocationSites = sites;
    }

    private static String settings(JsonObject r) {
        return String.format(Locale.ROOT, "%d fork(s) per figure, %d warmup iterations of %s and %d measurement "
                + "iterations of %s", r.get("forks").getAsInt(), r.get("warmupIterations").getAsInt(),
                text(r, "warmupTime"), r.get("measurementIterations").getAsInt(), text(r, "measurementTime"));
    }

    /** Whether the result's forks ran with a class-data-sharing archive ({@code -XX:SharedArchiveFile}). */
    private static boolean sharesClasses(JsonObject r) {
        JsonArray args = r.getAsJsonArray("jvmArgs");
        if (args != null) {
            for (JsonElement a : args) {
                if (a.getAsString().startsWith("-XX:SharedArchiveFile=")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every shot of every fork of a single-shot benchmark, ms. */
    private static double[] shots(JsonObject primary) {
        List<Double> shots = new ArrayList<>();
        for (JsonElement fork : primary.getAsJsonArray("rawData")) {
            for (JsonElement shot : fork.getAsJsonArray()) {
                shots.add(shot.getAsDouble());
            }
        }
        return shots.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "?" : e.getAsString();
    }

    /** gc.alloc.rate.norm (named with a leading "·" before JMH 1.36). */
    private static Double allocation(JsonObject result) {
        JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
        if (secondary == null) {
            return null;
        }
        for (Map.Entry<String, JsonElement> m : secondary.entrySet()) {
            if (m.getKey().replaceFirst("^\\W+", "").equals("gc.alloc.rate.norm")) {
                return m.getValue().getAsJsonObject().get("score").getAsDouble();
            }
        }
        return null;
    }

    /**
     * Heap bytes per inference above which jlite's figure is marked as taken before its kernels were compiled: a
     * warmed-up inference allocates at most a few hundred bytes, while the Vector API run by the interpreter or C1
     * allocates its vectors (megabytes per inference).
     */
    static final double WARMING_UP_BYTES = 64 * 1024;

    /**
     * Heap bytes per inference from which a row's allocation-pass fork is explained by its JFR allocation samples
     * (‡): the goal is under 1 KB, and a fork that keeps a method compiled with boxed vectors allocates more.
     */
    static final double SITES_BYTES = 1024;

    static String key(String model, String engine, int threads) {
        return model + "/" + engine + "/" + threads;
    }

    String markdown(Peak peak) {
        Map<String, Map<String, Object>> facts = new LinkedHashMap<>();
        for (String model : models) {
            try {
                facts.put(model, Inspection.of(SharedModel.locate(model)));
            } catch (IOException | RuntimeException e) {
                facts.put(model, Map.of());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(paired.isEmpty() ? forkHeader(peak) : pairedHeader(peak));
        boolean warming = false;
        StringBuilder sites = new StringBuilder();
        for (int threads : threadCounts) {
            b.append(String.format(Locale.ROOT, "**%d thread%s**%n%n", threads, threads == 1 ? "" : "s"));
            b.append("| model | jlite ms | TFLite XNNPACK ms | ratio | TFLite builtin ms | jlite GFLOP/s | % of peak |"
                    + (threads > 1 ? " jlite speed-up vs 1 thread | TFLite XNNPACK speed-up vs 1 thread |" : "")
                    + " alloc B/op |\n");
            b.append("|---|---|---|---|---|---|---|" + (threads > 1 ? "---|---|" : "") + "---|\n");
            for (String model : models) {
                Row r = row(model, threads);
                Double j1 = row(model, 1).jliteMs();
                Figure o = steady.get(key(model, SharedModel.BUILTIN, threads));
                Object macs = facts.get(model).get("macs");
                Double gflops = r.jliteMs() == null || !(macs instanceof Long m) ? null
                        : 2.0 * m / (r.jliteMs() * 1e6);
                boolean cold = r.jliteBytes() != null && r.jliteBytes() > WARMING_UP_BYTES;
                Double alloc = allocations.get(key(model, SharedModel.JLITE, threads));
                if (alloc == null && paired.isEmpty()) {
                    alloc = r.jliteBytes(); // older runs without the allocation pass
                }
                warming |= cold;
                boolean explained = allocationSites != null && alloc != null && alloc >= SITES_BYTES;
                if (explained) {
                    List<AllocationSites.Site> s = allocationSites.get(key(model, SharedModel.JLITE, threads));
                    sites.append(String.format(Locale.ROOT, "‡ %s, %d thread%s: %,.0f B per inference; %s.%n%n",
                            model, threads, threads == 1 ? "" : "s", alloc, s == null
                                    ? "no JFR recording of its fork was found, so no method is named"
                                    : s.isEmpty() ? "its JFR recording has no allocation sample in its measured "
                                            + "iterations"
                                    : "JFR allocation samples of its measured iterations: "
                                            + AllocationSites.describe(s)));
                }
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%s %s |%n", model,
                        ms(r.jliteMs()) + (cold ? " †" : ""), ms(r.xnnpackMs()), num(r.ratio(), "%.2fx"),
                        ms(o == null ? null : o.medianMs()), num(gflops, "%.1f"),
                        gflops == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%",
                                100 * gflops / (peak.perCore() * threads)),
                        threads > 1 ? " " + speedUp(model, threads, r, j1) + " | "
                                + xnnpackSpeedUp(model, threads) + " |" : "",
                        alloc == null ? "n/a" : String.format(Locale.ROOT, "%.0f", alloc) + (explained ? " ‡" : "")));
            }
            b.append('\n');
        }
        if (warming) {
            b.append(String.format(Locale.ROOT, "† jlite allocated over %.0f KB per inference in the measurement: "
                    + "its kernels were still being compiled (a loaded machine); the figure is not its steady "
                    + "state. Run with a longer --warmup-time.%n%n", WARMING_UP_BYTES / 1024));
        }
        b.append(sites);
        if (!first.isEmpty() || !reopen.isEmpty()) {
            b.append("**Time to the first result** (jlite `Model.open` + interpreter + first inference; official: "
                    + "read file + interpreter with XNNPACK + first inference; median of the shots, ms), in a fresh "
                    + "JVM per shot (cold), in a fresh JVM that maps a class-data-sharing archive (cold, CDS: both "
                    + "engines' forks, one archive of the classes that a shot of each engine on each model loaded; "
                    + "README \"JVM options\") and in a JVM that has run the same model for "
                    + String.format(Locale.ROOT, "%.0f", ReopenBench.WARM_SECONDS) + " s before (reopened), "
                    + "**and memory plan** (jlite's arena: activation tensors + kernel scratch, beside the bytes of "
                    + "the tensors alive at the busiest operator, the least any plan can use)\n\n");
            b.append("| model | cold jlite ms | cold TFLite XNNPACK ms | ratio | shots | cold, CDS: jlite ms | "
                    + "cold, CDS: TFLite XNNPACK ms | ratio | shots | reopened jlite ms | reopened TFLite XNNPACK ms "
                    + "| ratio | shots | arena tensor bytes | live-tensor peak bytes | scratch bytes |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (String model : models) {
                Map<String, Object> f = facts.get(model);
                Long arena = (Long) f.get("arena_bytes");
                Long scratch = (Long) f.get("scratch_bytes");
                Long live = (Long) f.get("live_tensor_peak_bytes");
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", model,
                        shotCells(first, model), shotCells(firstShared, model), shotCells(reopen, model),
                        arena == null || scratch == null ? "n/a" : String.format(Locale.ROOT, "%,d", arena - scratch),
                        live == null ? "n/a" : String.format(Locale.ROOT, "%,d", live),
                        scratch == null ? "n/a" : String.format(Locale.ROOT, "%,d", scratch)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * One row's jlite and XNNPACK figures: from PairedModelBench when it ran, else from ModelBench's forks (the ratio
     * then of their medians). jliteBytes: heap bytes per jlite inference in the fork that timed it, for the † mark.
     */
    record Row(Double jliteMs, Double xnnpackMs, Double ratio, Double jliteBytes) {}

    Row row(String model, int threads) {
        PairedFigure p = paired.get(model + "/" + threads);
        if (p != null) {
            return new Row(p.jliteMs(), p.xnnpackMs(), p.ratio(), p.jliteBytesPerRun());
        }
        Figure j = steady.get(key(model, SharedModel.JLITE, threads));
        Figure x = steady.get(key(model, SharedModel.XNNPACK, threads));
        return new Row(j == null ? null : j.medianMs(), x == null ? null : x.medianMs(),
                j == null || x == null ? null : j.medianMs() / x.medianMs(), j == null ? null : j.allocBytes());
    }

    /**
     * jlite's speed-up on {@code threads} over 1 thread: timed in the same fork where PairedModelBench ran jlite on 1
     * thread too, else the ratio of the two rows' figures (forks minutes apart).
     */
    private String speedUp(String model, int threads, Row r, Double oneThreadMs) {
        PairedFigure p = paired.get(model + "/" + threads);
        Double s = p != null && p.speedUp() != null ? p.speedUp()
                : r.jliteMs() == null || oneThreadMs == null ? null : oneThreadMs / r.jliteMs();
        return num(s, "%.2fx");
    }

    /**
     * TFLite XNNPACK's speed-up on {@code threads} over 1 thread, where PairedModelBench timed it on 1 thread in the
     * same fork; else n/a (its two rows come from forks minutes apart, which the host's phases move).
     */
    private String xnnpackSpeedUp(String model, int threads) {
        PairedFigure p = paired.get(model + "/" + threads);
        return num(p == null ? null : p.xnnpackSpeedUp(), "%.2fx");
    }

    /** What the table of a run with PairedModelBench measured. */
    private String pairedHeader(Peak peak) {
        IntSummaryStatistics blocks = paired.values().stream().mapToInt(PairedFigure::block).summaryStatistics();
        String block = blocks.getMin() == blocks.getMax() ? String.valueOf(blocks.getMin())
                : blocks.getMin() + "-" + blocks.getMax();
        return String.format(Locale.ROOT, "Measured with JMH (scripts/bench-table.sh), %s. jlite and TFLite XNNPACK "
                + "ran paired in one JVM per model and thread count (PairedModelBench; %s), on the same random "
                + "input: each invocation runs a block of inferences of one engine, then the same block of the "
                + "other (%s inferences per block, about %.0f ms of XNNPACK), alternating which goes first, so that "
                + "both are timed in the same window of the host's speed, which changes for tens of seconds at a "
                + "time. jlite ms and TFLite XNNPACK ms = the engine's mean time per inference (inputs copied in, "
                + "outputs copied out) in each measurement iteration, median of the iterations; ratio = median of "
                + "the iterations' jlite / TFLite XNNPACK (above 1: jlite is slower). TFLite builtin ms = median "
                + "latency in a fork of its own (ModelBench, sample mode; %s), minutes apart from the pair: compare "
                + "it only roughly. GFLOP/s = 2 x MACs / jlite ms (MACs of convolutions and matrix products, as "
                + "`jlite inspect` counts them). Peak: %s.%s Alloc = jlite's heap bytes per inference after "
                + "warm-up, jlite alone in a fork in average-time mode (%sJMH -prof gc, gc.alloc.rate.norm).%n%n",
                jvm, pairedSettings, block, PairedModelBench.BLOCK_TARGET_MS, settings.isEmpty() ? "not run" : settings,
                peak.describe(), threadCounts.size() > 1 ? speedUpNote() : "",
                allocSettings.isEmpty() ? "" : allocSettings + "; ");
    }

    private String speedUpNote() {
        boolean paired1 = paired.values().stream().anyMatch(p -> p.speedUp() != null);
        boolean xnnpack1 = paired.values().stream().anyMatch(p -> p.xnnpackSpeedUp() != null);
        return paired1 ? " jlite speed-up vs 1 thread = median of the iterations' jlite on 1 thread / jlite on this "
                + "thread count, both in the same fork (on more than one thread PairedModelBench also runs jlite"
                + (xnnpack1 ? " and TFLite XNNPACK on 1 thread, a third and a fourth engine in the rotation); TFLite "
                        + "XNNPACK speed-up the same for the official interpreter, from the same iterations: where "
                        + "the host gives the second core little time, both are low."
                        : " on 1 thread, a third engine in the rotation); TFLite XNNPACK speed-up n/a: this run did "
                        + "not time it on 1 thread in the same fork.")
                : " jlite speed-up vs 1 thread = jlite ms on 1 thread / on this thread count, two forks; TFLite "
                        + "XNNPACK speed-up n/a.";
    }

    /** What the table of an older run, with a ModelBench fork per engine, measured. */
    private String forkHeader(Peak peak) {
        return String.format(Locale.ROOT, "Measured with JMH (scripts/bench-table.sh), %s; %s. jlite, TFLite "
                + "XNNPACK and TFLite builtin each ran in their own JVM fork on the same random input; ms = median "
                + "latency of one inference (inputs copied in, outputs copied out); ratio = jlite / TFLite XNNPACK "
                + "(above 1: jlite is slower). GFLOP/s = 2 x MACs / jlite's median time (MACs of convolutions and "
                + "matrix products, as `jlite inspect` counts them). Peak: %s. Alloc = jlite's heap bytes per "
                + "inference after warm-up (JMH -prof gc, gc.alloc.rate.norm%s).%n%n", jvm, settings, peak.describe(),
                allocations.isEmpty() ? "" : ", from a separate run in average-time mode: in sample mode JMH's own "
                        + "per-sample statistics, built inside the measured window, add up to 1.5 KB per inference");
    }

    /** jlite's and the official interpreter's median shot, their ratio and the shot counts, as 4 table cells. */
    private static String shotCells(Map<String, double[]> shots, String model) {
        double[] j = shots.get(model + "/" + SharedModel.JLITE);
        double[] x = shots.get(model + "/" + SharedModel.XNNPACK);
        Double mj = j == null ? null : median(j);
        Double mx = x == null ? null : median(x);
        return String.format(Locale.ROOT, "%s | %s | %s | %s", num(mj, "%.0f"), num(mx, "%.0f"),
                mj == null || mx == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", mj / mx),
                (j == null ? 0 : j.length) + "+" + (x == null ? 0 : x.length));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String ms(Double ms) {
        return ms == null ? "n/a" : String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.1f", ms);
    }

    private static String num(Double v, String format) {
        return v == null ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    static String replaceSection(String document, String tables) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " section to replace");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + tables + document.substring(end);
    }

    /**
     * The single-precision peak of one core: FMA lanes per cycle x 2 flops x clock. The lanes come from the CPU
     * family in /proc/cpuinfo: AMD Zen 4 (family 25 with AVX-512) runs 512-bit FMAs on two 256-bit pipes, so 16
     * lanes per cycle; Zen 5 (family 26) has two full 512-bit pipes, 32 lanes; Intel with AVX-512 is assumed to have
     * two 512-bit FMA units, 32 lanes; AVX2 with FMA, two 256-bit units, 16 lanes. The clock is the "cpu MHz" the
     * kernel reports: the nominal clock under a hypervisor, below the boost clock the cores run at, so
     * {@code scripts/bench-table.sh} measures the peak instead ({@link PeakFlops}, {@link #measured}).
     */
    record Peak(double perCore, String derivation) {
        String describe() {
            return String.format(Locale.ROOT, "%.1f GFLOP/s per core (%s)", perCore, derivation);
        }

        /** A peak measured by {@link PeakFlops}, described beside the {@code nominal} one it replaces. */
        static Peak measured(double gflops, Peak nominal) {
            return new Peak(gflops, String.format(Locale.ROOT, "measured on one core by an FMA loop of the widest "
                    + "vectors, 12 accumulators in registers, the fastest of 5 runs before and 5 after the "
                    + "benchmarks (PeakFlops); the nominal clock would give %s",
                    Double.isNaN(nominal.perCore()) ? "no figure"
                            : String.format(Locale.ROOT, "%.1f: %s", nominal.perCore(), nominal.derivation())));
        }

        static Peak ofThisMachine() {
            String vendor = "";
            int family = -1;
            double mhz = 0;
            Set<String> flags = Set.of();
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String k = line.substring(0, colon).strip();
                    String v = line.substring(colon + 1).strip();
                    switch (k) {
                        case "vendor_id" -> vendor = v;
                        case "cpu family" -> family = Integer.parseInt(v);
                        case "cpu MHz" -> mhz = Math.max(mhz, Double.parseDouble(v));
                        case "flags" -> flags = Set.of(v.split("\\s+"));
                        default -> { }
                    }
                }
            } catch (IOException | RuntimeException e) {
                return new Peak(Double.NaN, "unknown: /proc/cpuinfo unreadable; give --peak-gflops-per-core");
            }
            boolean avx512 = flags.contains("avx512f");
            boolean fma = flags.contains("fma");
            int lanes;
            String why;
            if (vendor.equals("AuthenticAMD") && family == 25 && avx512) {
                lanes = 16;
                why = "AMD Zen 4: AVX-512 FMAs on 2 x 256-bit pipes = 16 FP32 FMA lanes/cycle";
            } else if (vendor.equals("AuthenticAMD") && family >= 26 && avx512) {
                lanes = 32;
                why = "AMD Zen 5: 2 x 512-bit FMA pipes = 32 FP32 FMA lanes/cycle";
            } else if (avx512) {
                lanes = 32;
                why = "AVX-512, assumed 2 x 512-bit FMA units = 32 FP32 FMA lanes/cycle";
            } else if (fma) {
                lanes = 16;
                why = "AVX2, 2 x 256-bit FMA units = 16 FP32 FMA lanes/cycle";
            } else {
                lanes = 4;
                why = "no FMA flag: 4 lanes/cycle assumed";
            }
            double perCore = lanes * 2 * mhz / 1000;
            return new Peak(perCore, String.format(Locale.ROOT, "%s x 2 flops x %.2f GHz from /proc/cpuinfo "
                    + "'cpu MHz' (%s family %d)", why, mhz / 1000, vendor, family));
        }
    }
}
