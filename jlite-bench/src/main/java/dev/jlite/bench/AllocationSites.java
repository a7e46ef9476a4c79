package dev.jlite.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The methods behind jlite's heap allocation in the allocation pass of scripts/bench-table.sh. Now and then one fork
 * of that pass allocates kilobytes per inference in every measured iteration while reruns of the same model do not
 * (presumably a Vector API method that C2 compiled with boxed vectors in that JVM), so the culprit cannot be looked
 * for afterwards: the pass records JFR allocation samples in every fork ({@code
 * -XX:StartFlightRecording=filename=DIR/}, which JDK 17 turns into one {@code hotspot-pid-PID-id-N-DATE.jfr} per JVM
 * when DIR exists), and {@link ModelBench} writes {@code DIR/PID.properties} with the fork's model, engine, thread
 * count and the instant its measurement began, so that the warm-up's allocation (interpreted and C1 code) is left
 * out. {@link BenchTable} names the sites of any row at or above 1 KB per inference.
 *
 * <pre>
 * AllocationSites DIR      prints each fork's sites
 * </pre>
 */
public final class AllocationSites {
    /** System property with the directory; set by scripts/bench-table.sh on the allocation pass's forks only. */
    public static final String PROPERTY = "jlite.bench.allocSites";

    /** Sites kept per fork: a boxed-vector method shows as one or two sites with most of the weight. */
    static final int TOP = 3;

    /** Allocation on stacks without a dev.jlite frame: JMH's and JFR's own threads, and what runs after the pass. */
    static final String OUTSIDE = "outside dev.jlite";

    /**
     * One allocating method's part of a fork's sampled allocation.
     *
     * @param method the innermost frame in a dev.jlite class, as simple class name + "." + method name, or
     *               {@link #OUTSIDE}
     * @param objectClasses the classes of the objects it allocated, most bytes first
     * @param share its part of the fork's sampled bytes, 0 to 1
     */
    public record Site(String method, List<String> objectClasses, double share) {}

    private AllocationSites() {}

    /**
     * Prints the sites of each fork recorded in a directory.
     *
     * @param args the directory
     * @throws IOException if the directory or a recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AllocationSites DIR");
            System.exit(2);
        }
        Map<String, List<Site>> forks = read(Path.of(args[0]));
        if (forks.isEmpty()) {
            System.out.println("no fork with both a properties file and a JFR recording in " + args[0]);
        }
        forks.forEach((fork, sites) -> System.out.println(fork + ": "
                + (sites.isEmpty() ? "no allocation sample after its measurement began" : describe(sites))));
    }

    /**
     * Notes in {@code dir/PID.properties} which fork this JVM is and when its measurement began.
     *
     * @param dir the directory of the JFR recordings
     * @param model the model
     * @param engine the engine
     * @param threads the thread count
     * @param measuredFrom the start of the measurement
     * @throws IOException if the file cannot be written
     */
    public static void noteFork(Path dir, String model, String engine, int threads, Instant measuredFrom)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("model", model);
        p.setProperty("engine", engine);
        p.setProperty("threads", String.valueOf(threads));
        p.setProperty("measuredFrom", measuredFrom.toString());
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(ProcessHandle.current().pid() + ".properties"))) {
            p.store(w, "ModelBench fork, for AllocationSites");
        }
    }

    /**
     * The top sites of each fork noted in a directory, by "model/engine/threads" (as {@link BenchTable} keys its
     * figures). A fork whose JFR recording is missing (it died before dumping it) is absent; one whose recording has
     * no allocation sample after its measurement began maps to an empty list.
     *
     * @param dir the directory of the recordings and the forks' properties files
     * @return the sites by fork, in no particular order of forks
     * @throws IOException if the directory or a recording cannot be read
     */
    public static Map<String, List<Site>> read(Path dir) throws IOException {
        Map<String, List<Site>> forks = new TreeMap<>();
        try (DirectoryStream<Path> notes = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path note : notes) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(note)) {
                    p.load(r);
                }
                String pid = note.getFileName().toString().replaceFirst("\\.properties$", "");
                List<Path> recordings = new ArrayList<>();
                try (DirectoryStream<Path> jfr = Files.newDirectoryStream(dir, "hotspot-pid-" + pid + "-*.jfr")) {
                    jfr.forEach(recordings::add);
                }
                if (!recordings.isEmpty()) {
                    forks.put(BenchTable.key(p.getProperty("model"), p.getProperty("engine"),
                            Integer.parseInt(p.getProperty("threads"))),
                            sites(recordings, Instant.parse(p.getProperty("measuredFrom"))));
                }
            }
        }
        return forks;
    }

    /** One jdk.ObjectAllocationSample: its thread, time, site ({@link #site}), object class and weight in bytes. */
    record Sample(long thread, Instant time, String site, String objectClass, long weight) {}

    /**
     * The sampled allocation from an instant on, by site. Each jdk.ObjectAllocationSample stands for the bytes its
     * thread allocated since that thread's previous sample ({@code weight}), so summed weights approximate where all
     * the bytes went, on every thread (jlite's workers included); see {@link #measured} for which samples count.
     */
    static List<Site> sites(List<Path> recordings, Instant from) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (Path recording : recordings) {
            try (RecordingFile file = new RecordingFile(recording)) {
                while (file.hasMoreEvents()) {
                    RecordedEvent e = file.readEvent();
                    if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")
                            || e.getStartTime().isBefore(from)) {
                        continue;
                    }
                    RecordedThread t = e.getThread("eventThread");
                    samples.add(new Sample(t == null ? -1 : t.getJavaThreadId(), e.getStartTime(),
                            site(e.getStackTrace()), className(e.getClass("objectClass").getName()),
                            e.getLong("weight")));
                }
            }
        }
        Map<String, Map<String, Long>> bytes = new HashMap<>(); // site -> object class -> weight
        long total = 0;
        for (Sample sample : measured(samples, from)) {
            bytes.computeIfAbsent(sample.site(), k -> new HashMap<>())
                    .merge(sample.objectClass(), sample.weight(), Long::sum);
            total += sample.weight();
        }
        List<Site> sites = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> site : bytes.entrySet()) {
            List<Map.Entry<String, Long>> classes = new ArrayList<>(site.getValue().entrySet());
            classes.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            long sum = classes.stream().mapToLong(Map.Entry::getValue).sum();
            sites.add(new Site(site.getKey(), classes.stream().map(Map.Entry::getKey).toList(),
                    total == 0 ? 0 : (double) sum / total));
        }
        sites.sort(Comparator.comparingDouble(Site::share).reversed());
        return List.copyOf(sites.subList(0, Math.min(TOP, sites.size())));
    }

    /**
     * The samples whose weight was allocated from {@code from} on: those at or after it, less each thread's first.
     * That one's weight reaches back to the thread's previous sample, before {@code from}, and may be mostly the
     * warm-up's: in a table of 2026-11-27 a face_detection_short_range fork allocated 1,685 B per inference, and its
     * one sample after the measurement began was ModelBench's own note, weighing the 16.5 MB its thread had allocated
     * in the 7.6 s since the sample before (the inferences' bytes, in TLABs that JFR did not sample again).
     */
    static List<Sample> measured(List<Sample> samples, Instant from) {
        Map<Long, Sample> first = new HashMap<>();
        for (Sample s : samples) {
            if (!s.time().isBefore(from)) {
                first.merge(s.thread(), s, (a, b) -> b.time().isBefore(a.time()) ? b : a);
            }
        }
        List<Sample> kept = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.time().isBefore(from) && first.get(s.thread()) != s) {
                kept.add(s);
            }
        }
        return kept;
    }

    /** The innermost dev.jlite frame: the Vector API's own frames above it say less than which kernel called them. */
    private static String site(RecordedStackTrace stack) {
        if (stack != null) {
            for (RecordedFrame f : stack.getFrames()) {
                String type = f.getMethod().getType().getName();
                if (type.startsWith("dev.jlite.")) {
                    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
                }
            }
        }
        return OUTSIDE;
    }

    /** JFR names arrays by descriptor ("[B", "[Ljava.lang.Object;"); "byte[]" reads better in a table. */
    static String className(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = switch (name.charAt(dims)) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> name.substring(dims + 1, name.length() - 1); // L...;
        };
        return element + "[]".repeat(dims);
    }

    /**
     * "91% VectorConvEngine.paddedPixels (jdk.incubator.vector.Float512Vector), 6% ...": two classes a site, and no
     * site that would read 0%.
     */
    static String describe(List<Site> sites) {
        List<String> parts = new ArrayList<>();
        for (Site s : sites) {
            if (!parts.isEmpty() && s.share() < 0.005) {
                break;
            }
            parts.add(String.format(Locale.ROOT, "%.0f%% %s (%s)", 100 * s.share(), s.method(),
                    String.join(", ", s.objectClasses().subList(0, Math.min(2, s.objectClasses().size())))));
        }
        return String.join(", ", parts);
    }
}
