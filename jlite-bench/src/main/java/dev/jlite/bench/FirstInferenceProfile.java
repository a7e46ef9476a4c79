package dev.jlite.bench;

import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.ops.common.SimdSwitch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a cold start's time goes, for one model in this (fresh) JVM: opening the model, creating the interpreter
 * (kernels), allocating (prepare: weight packing, constant folding, arena planning) and the first few inferences,
 * with the first inference's time per operator type. Run it once per JVM:
 * {@code java --add-modules jdk.incubator.vector -cp jlite-bench.jar dev.jlite.bench.FirstInferenceProfile MODEL [runs] [nosimd]}.
 */
public final class FirstInferenceProfile {
    private FirstInferenceProfile() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path file = SharedModel.locate(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean simd = !(args.length > 2 && args[2].equals("nosimd"));
        long r0 = System.nanoTime();
        if (Boolean.getBoolean("profile.resolver")) {
            new dev.jlite.ops.BuiltinOpResolver();
            System.out.printf("resolver alone %.1f ms%n", ms(System.nanoTime() - r0));
        }
        long t0 = System.nanoTime();
        Model model = Model.open(file);
        long t1 = System.nanoTime();
        Interpreter it = new Interpreter(model, new Interpreter.Options().setUseSimd(simd));
        long t2 = System.nanoTime();
        it.allocateTensors();
        long t3 = System.nanoTime();
        for (int i = 0; i < it.getInputTensorCount(); i++) {
            it.setInput(i, ByteBuffer.allocateDirect(it.getInputTensor(i).numBytes()).order(ByteOrder.nativeOrder()));
        }
        it.setProfiling(true);
        long t4 = System.nanoTime();
        it.invoke();
        long t5 = System.nanoTime();
        Map<String, long[]> byOp = new TreeMap<>();
        for (Interpreter.OperatorTiming t : it.operatorProfile()) {
            long[] a = byOp.computeIfAbsent(t.code().toString(), k -> new long[2]);
            a[0] += t.nanos();
            a[1]++;
        }
        it.setProfiling(false);
        StringBuilder later = new StringBuilder();
        boolean wasReady = SimdSwitch.on();
        for (int r = 1; r < runs; r++) {
            long a = System.nanoTime();
            it.invoke();
            later.append(String.format(" %.1f", (System.nanoTime() - a) / 1e6));
            if (!wasReady && SimdSwitch.on()) {
                wasReady = true;
                later.append(String.format(" [SIMD from here, %.0f ms after the first inference]",
                        (System.nanoTime() - t5) / 1e6));
            }
        }
        System.out.printf("%s simd=%b locate %.1f open %.1f interpreter %.1f allocate %.1f inputs %.1f first %.1f"
                + " total(open..first) %.1f | later:%s%n", file.getFileName(), simd, ms(t0 - start), ms(t1 - t0),
                ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4), ms(t5 - t0), later);
        byOp.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
                .forEach(e -> System.out.printf("  %-40s %4d nodes %8.1f ms%n", e.getKey(), e.getValue()[1],
                        ms(e.getValue()[0])));
        it.close();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
