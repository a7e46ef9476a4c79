package dev.jlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.flatbuffers.Where;
import dev.jlite.testing.ModelFiles;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Mutates real models (truncation, random byte flips, targeted corruption of offsets, shapes, types, buffer and
 * tensor indices, opcode indices, vector lengths) and checks that every mutant either loads and runs or fails
 * with a {@link ModelFormatException}: no other exception, no hang, no OutOfMemoryError, and no mutant held on
 * the heap afterwards.
 */
class MalformedModelTest {
    private static final long SEED = 20261125L;
    private static final int MUTANTS = Integer.getInteger("jlite.mutants", 10_000);
    /** Small enough that a mutant with inflated shapes is refused before it computes for long. */
    private static final long ARENA_LIMIT = 16L << 20;
    private static final ModelLimits LIMITS = new ModelLimits(16L << 20, 8);

    private int loadedAndRan;
    private int rejected;

    @Test
    void everyMutantLoadsAndRunsOrFailsWithModelFormatException() throws Exception {
        byte[] original = Files.readAllBytes(ModelFiles.path("face_detection_short_range.tflite"));
        List<Integer> targets = fieldPositions(original);
        Random random = new Random(SEED);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mutant-runner");
            t.setDaemon(true);
            return t;
        });
        List<WeakReference<byte[]>> sample = new ArrayList<>();
        int truncations = MUTANTS / 5;
        int flips = MUTANTS * 2 / 5;
        try {
            for (int i = 0; i < MUTANTS; i++) {
                byte[] mutant;
                String how;
                if (i < truncations) {
                    int length = i < 200 ? i : (int) ((long) original.length * (i - 200) / (truncations - 200));
                    mutant = java.util.Arrays.copyOf(original, length);
                    how = "truncated to " + length;
                } else if (i < truncations + flips) {
                    mutant = original.clone();
                    StringBuilder sb = new StringBuilder("flipped");
                    for (int k = 1 + random.nextInt(8); k > 0; k--) {
                        int p = random.nextInt(mutant.length);
                        mutant[p] = (byte) random.nextInt(256);
                        sb.append(' ').append(p);
                    }
                    how = sb.toString();
                } else {
                    mutant = original.clone();
                    int p = targets.get(random.nextInt(targets.size()));
                    int value = interestingValue(random);
                    ByteBuffer.wrap(mutant).order(ByteOrder.LITTLE_ENDIAN).putInt(p, value);
                    how = "int at " + p + " set to " + value;
                }
                if (i % 97 == 0) {
                    sample.add(new WeakReference<>(mutant));
                }
                byte[] m = mutant;
                Future<?> f = runner.submit(() -> loadAndRun(m));
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail("mutant " + i + " (" + how + ") hangs");
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw new AssertionError("mutant " + i + " (" + how + ") threw " + cause, cause);
                }
            }
        } finally {
            runner.shutdownNow();
        }
        System.out.printf("malformed models: %d mutants of face_detection_short_range.tflite: %d rejected with "
                + "ModelFormatException, %d loaded and ran, 0 other outcomes%n", MUTANTS, rejected, loadedAndRan);
        assertThat(rejected + loadedAndRan).isEqualTo(MUTANTS);
        assertThat(rejected).isPositive();
        for (int attempt = 0; attempt < 10 && sample.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(sample).as("mutants still reachable after the run").allMatch(r -> r.get() == null);
    }

    private void loadAndRun(byte[] bytes) {
        try {
            Model model = Model.wrap(ByteBuffer.wrap(bytes), LIMITS);
            try (Interpreter interpreter = new Interpreter(model,
                    new Interpreter.Options().setMaxArenaBytes(ARENA_LIMIT))) {
                interpreter.allocateTensors();
                interpreter.invoke();
            }
            loadedAndRan++;
        } catch (ModelFormatException e) {
            // The interpreter wraps a stray runtime exception from a kernel into a ModelFormatException as a last
            // line of defence; a mutant must be caught by validation before it gets there.
            assertThat(e.getMessage()).isNotBlank().doesNotContain("java.lang.");
            rejected++;
        }
    }

    private static int interestingValue(Random random) {
        switch (random.nextInt(8)) {
            case 0: return -1;
            case 1: return Integer.MAX_VALUE;
            case 2: return Integer.MIN_VALUE;
            case 3: return 0;
            case 4: return random.nextInt(64);
            case 5: return 1 << random.nextInt(31);
            case 6: return -random.nextInt(1000);
            default: return random.nextInt();
        }
    }

    /**
     * Byte positions of the fields a crafted file would target: table offsets, vector lengths, tensor shapes,
     * types, buffer indices, operator opcode indices and tensor indices.
     */
    private static List<Integer> fieldPositions(byte[] file) {
        List<Integer> out = new ArrayList<>();
        FlatTable model = FlatTable.root(ByteBuffer.wrap(file), Where.of("model"));
        out.add(0);
        for (int f = 0; f <= 7; f++) {
            addField(out, model, f);
        }
        for (int b = 0; b < model.tableCount(4); b++) {
            FlatTable buffer = model.tableAt(4, b, Where.of("buffer"));
            addField(out, buffer, 0);
        }
        for (int c = 0; c < model.tableCount(1); c++) {
            FlatTable code = model.tableAt(1, c, Where.of("code"));
            for (int f = 0; f <= 3; f++) {
                addField(out, code, f);
            }
        }
        FlatTable sg = model.tableAt(2, 0, Where.of("subgraph"));
        for (int f = 0; f <= 4; f++) {
            addField(out, sg, f);
        }
        for (int t = 0; t < sg.tableCount(0); t++) {
            FlatTable tensor = sg.tableAt(0, t, Where.of("tensor"));
            for (int f = 0; f <= 7; f++) {
                addField(out, tensor, f);
            }
            addVectorElements(out, tensor, 0);
        }
        for (int o = 0; o < sg.tableCount(3); o++) {
            FlatTable op = sg.tableAt(3, o, Where.of("operator"));
            for (int f = 0; f <= 5; f++) {
                addField(out, op, f);
            }
            addVectorElements(out, op, 1);
            addVectorElements(out, op, 2);
            FlatTable options = op.table(4, Where.of("options"));
            if (options != null) {
                for (int f = 0; f <= 6; f++) {
                    addField(out, options, f);
                }
            }
        }
        out.removeIf(p -> p < 0 || p + 4 > file.length);
        return out;
    }

    private static void addField(List<Integer> out, FlatTable t, int id) {
        int p = t.fieldPosition(id);
        if (p >= 0) {
            out.add(p);
        }
        out.add(t.position());
    }

    /** The vector's length word and each int element. */
    private static void addVectorElements(List<Integer> out, FlatTable t, int id) {
        int p = t.fieldPosition(id);
        if (p < 0) {
            return;
        }
        ByteBuffer bb = t.buffer();
        int v = p + bb.getInt(p);
        out.add(v);
        for (int i = 0, n = t.vectorLength(id, 4); i < n; i++) {
            out.add(v + 4 + 4 * i);
        }
    }
}
