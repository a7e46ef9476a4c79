package dev.jlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Delegate;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.KernelFactory;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Node;
import dev.jlite.model.OperatorCode;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Interpreter's public API, driven through a custom kernel registered the way a user registers one. */
class InterpreterApiTest {
    /** A user's custom kernel: y = 2x, any shape. */
    static final class TimesTwo implements Kernel {
        @Override
        public void prepare(Node node) {
            node.checkArity(1, 1, 1);
            node.output(0).resize(node.input(0).shape());
        }

        @Override
        public void eval(Node node) {
            Tensor in = node.input(0);
            Tensor out = node.output(0);
            for (int i = 0; i < in.numElements(); i++) {
                out.floats()[out.offset() + i] = 2 * in.floats()[in.offset() + i];
            }
        }
    }

    private static ByteBuffer timesTwoModel(int... shape) {
        OpModelBuilder b = OpModelBuilder.custom("TimesTwo", new byte[0]);
        b.input(DataType.FLOAT32, shape);
        b.output(DataType.FLOAT32, shape);
        return b.build();
    }

    private static Interpreter.Options withTimesTwo() {
        return new Interpreter.Options().setOpResolver(new MutableOpResolver().addCustom("TimesTwo", n -> new TimesTwo(),
                DataType.FLOAT32));
    }

    @Test
    void runsWithArraysAndBuffersAndLeavesTheCallersObjectsAlone() {
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, 2, 3), withTimesTwo())) {
            float[][][] in = {{{1, 2, 3}, {4, 5, 6}}};
            float[][][] out = new float[1][2][3];
            interpreter.run(in, out);
            assertThat(out[0][1]).containsExactly(8, 10, 12);
            assertThat(in[0][1]).containsExactly(4, 5, 6);
            assertThat(interpreter.getLastInferenceDurationNanoseconds()).isGreaterThanOrEqualTo(0);

            ByteBuffer bytesIn = ByteBuffer.allocateDirect(24).order(ByteOrder.nativeOrder());
            for (int i = 0; i < 6; i++) {
                bytesIn.putFloat(i);
            }
            bytesIn.rewind();
            FloatBuffer floatsOut = FloatBuffer.allocate(6);
            interpreter.run(bytesIn, floatsOut);
            assertThat(bytesIn.position()).isZero();
            assertThat(floatsOut.position()).isZero();
            assertThat(floatsOut.array()).containsExactly(0, 2, 4, 6, 8, 10);
        }
    }

    @Test
    void aByteBufferPassedAgainIsReadAfreshAtItsCurrentPosition() {
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, 2), withTimesTwo())) {
            // room for two inputs: the second run reads from position 8, the third again from 0
            ByteBuffer in = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
            in.putFloat(1).putFloat(2).putFloat(3).putFloat(4).rewind().limit(8);
            ByteBuffer out = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            interpreter.run(in, out);
            assertThat(out.getFloat(0)).isEqualTo(2);
            in.putFloat(0, 10);
            interpreter.run(in, out);
            assertThat(out.getFloat(0)).isEqualTo(20);
            assertThat(out.getFloat(4)).isEqualTo(4);
            in.limit(16).position(8);
            interpreter.run(in, out);
            assertThat(in.position()).isEqualTo(8);
            assertThat(out.getFloat(0)).isEqualTo(6);
            assertThat(out.getFloat(4)).isEqualTo(8);
            in.position(0).limit(8);
            interpreter.run(in, out);
            assertThat(out.getFloat(0)).isEqualTo(20);
        }
    }

    @Test
    void wrongShapeOrTypeIsAnIllegalArgumentNamingTheTensor() {
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, 2, 3), withTimesTwo())) {
            assertThatThrownBy(() -> interpreter.run(new float[1][3][2], new float[1][2][3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[1, 2, 3]").hasMessageContaining("[1, 3, 2]")
                    .hasMessageContaining(interpreter.getInputTensor(0).name());
            assertThatThrownBy(() -> interpreter.run(new int[1][2][3], new float[1][2][3]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT32");
            assertThatThrownBy(() -> interpreter.run(ByteBuffer.allocate(20), new float[1][2][3]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 bytes");
            assertThatThrownBy(() -> interpreter.runForMultipleInputsOutputs(new Object[0], Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 inputs");
            assertThatThrownBy(() -> interpreter.getInputIndex("nope"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        }
    }

    @Test
    void tensorsDescribeTheModel() {
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, 4), withTimesTwo())) {
            Tensor in = interpreter.getInputTensor(0);
            assertThat(interpreter.getInputTensorCount()).isEqualTo(1);
            assertThat(interpreter.getOutputTensorCount()).isEqualTo(1);
            assertThat(in.dataType()).isEqualTo(DataType.FLOAT32);
            assertThat(in.shape()).containsExactly(1, 4);
            assertThat(in.numBytes()).isEqualTo(16);
            assertThat(interpreter.getInputIndex(in.name())).isZero();
            assertThat(interpreter.getOutputIndex(interpreter.getOutputTensor(0).name())).isZero();
        }
    }

    @Test
    void resizeInputReplansTheArena() {
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, 2), withTimesTwo())) {
            interpreter.resizeInput(0, new int[] {3, 5});
            interpreter.allocateTensors();
            assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(3, 5);
            float[][] in = new float[3][5];
            in[2][4] = 7;
            float[][] out = new float[3][5];
            interpreter.run(in, out);
            assertThat(out[2][4]).isEqualTo(14);
            assertThat(interpreter.arenaBytes()).isGreaterThanOrEqualTo(2 * 15 * 4);
            // input and output are both alive at the one operator
            assertThat(interpreter.liveTensorPeakBytes()).isEqualTo(2 * 15 * 4);
            assertThat(interpreter.arenaBytes() - interpreter.scratchBytes())
                    .isGreaterThanOrEqualTo(interpreter.liveTensorPeakBytes());
        }
    }

    @Test
    void arenaTensorsStart48BytesPastACacheLineMultiple() {
        // Elements of a large array begin 16 bytes past a G1 region boundary: 48 more bytes align the tensors.
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, 40), withTimesTwo())) {
            interpreter.allocateTensors();
            for (Tensor t : new Tensor[] {interpreter.getInputTensor(0), interpreter.getOutputTensor(0)}) {
                assertThat(t.offset() * 4 % 64).as(t.name()).isEqualTo(48);
            }
        }
    }

    @Test
    void anUnregisteredOperatorFailsAtConstructionNamingItsVersionAndNode() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD).version(2);
        b.input(DataType.FLOAT32, 2);
        b.input(DataType.FLOAT32, 2);
        b.output(DataType.FLOAT32, 2);
        ByteBuffer model = b.build();
        assertThatThrownBy(() -> new Interpreter(model, withTimesTwo()))
                .isInstanceOf(UnsupportedOperatorException.class)
                .hasMessageContaining("ADD").hasMessageContaining("version 2").hasMessageContaining("operator 0");
    }

    @Test
    void aDelegateRunsTheNodesItClaimsAndLeavesTheRestToTheCpu() {
        AtomicInteger delegated = new AtomicInteger();
        Delegate doubler = new Delegate() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public KernelFactory claim(OperatorCode code, Node node) {
                return "TimesTwo".equals(code.customCode()) ? n -> new Kernel() {
                    private final TimesTwo cpu = new TimesTwo();

                    @Override
                    public void prepare(Node node) {
                        cpu.prepare(node);
                    }

                    @Override
                    public void eval(Node node) {
                        delegated.incrementAndGet();
                        cpu.eval(node);
                    }
                } : null;
            }
        };
        try (Interpreter interpreter = new Interpreter(timesTwoModel(2), withTimesTwo().addDelegate(doubler))) {
            float[] out = new float[2];
            interpreter.run(new float[] {1, 2}, out);
            assertThat(out).containsExactly(2, 4);
            assertThat(delegated).hasValue(1);
        }
    }

    @Test
    void oneModelIsSharedByInterpretersOnSeveralThreads() throws Exception {
        Model model = Model.wrap(timesTwoModel(1000));
        Map<Integer, float[]> results = new HashMap<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try (Interpreter interpreter = new Interpreter(model, withTimesTwo())) {
                    float[] in = new float[1000];
                    java.util.Arrays.fill(in, id);
                    float[] out = new float[1000];
                    for (int r = 0; r < 200; r++) {
                        interpreter.run(in, out);
                    }
                    synchronized (results) {
                        results.put(id, out);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int t = 0; t < threads.length; t++) {
            assertThat(results.get(t)).containsOnly(2f * t);
        }
    }

    @Test
    void aClosedInterpreterRefusesToRun() {
        Interpreter interpreter = new Interpreter(timesTwoModel(2), withTimesTwo());
        interpreter.close();
        assertThatThrownBy(() -> interpreter.run(new float[2], new float[2])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void registrationsOfOneOperatorForDifferentTypesArePickedByTheFirstInputType() {
        // A float and an int32 kernel of the same custom op: the node's input type decides which one runs.
        MutableOpResolver resolver = new MutableOpResolver()
                .addCustom("TimesTwo", n -> new TimesTwo(), DataType.FLOAT32)
                .addCustom("TimesTwo", n -> new Kernel() {
                    @Override
                    public void prepare(Node node) {
                        node.output(0).resize(node.input(0).shape());
                    }

                    @Override
                    public void eval(Node node) {
                        Tensor in = node.input(0);
                        Tensor out = node.output(0);
                        for (int i = 0; i < in.numElements(); i++) {
                            out.ints()[out.offset() + i] = 3 * in.ints()[in.offset() + i];
                        }
                    }
                }, DataType.INT32);
        Interpreter.Options options = new Interpreter.Options().setOpResolver(resolver);
        try (Interpreter floats = new Interpreter(timesTwoModel(2), options)) {
            float[] out = new float[2];
            floats.run(new float[] {1, 2}, out);
            assertThat(out).containsExactly(2, 4);
        }
        OpModelBuilder b = OpModelBuilder.custom("TimesTwo", new byte[0]);
        b.input(DataType.INT32, 2);
        b.output(DataType.INT32, 2);
        try (Interpreter ints = new Interpreter(b.build(), options)) {
            int[] out = new int[2];
            ints.run(new int[] {1, 2}, out);
            assertThat(out).containsExactly(3, 6);
        }
    }

    /**
     * On more than one thread a float buffer of at least ParallelCopy.MIN_ELEMENTS elements is copied in and out in
     * shares, one per thread: every element lands in its place, from and to buffers that start past position 0, heap
     * and direct, byte and float buffers, and the callers' positions stay where they were.
     */
    @Test
    void largeBuffersCopiedOnSeveralThreadsLandEveryElementInPlace() {
        int n = 3 * ParallelCopy.MIN_ELEMENTS + 5;
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, n),
                withTimesTwo().setNumThreads(2))) {
            ByteBuffer bytesIn = ByteBuffer.allocateDirect(4 * (n + 3)).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n + 3; i++) {
                bytesIn.putFloat(i - 3);
            }
            bytesIn.position(12);
            FloatBuffer floatsOut = FloatBuffer.allocate(n + 7);
            floatsOut.position(7);
            interpreter.run(bytesIn, floatsOut);
            assertThat(bytesIn.position()).isEqualTo(12);
            assertThat(floatsOut.position()).isEqualTo(7);
            for (int i = 0; i < n; i++) {
                if (floatsOut.get(7 + i) != 2f * i) {
                    throw new AssertionError("output " + i + ": " + floatsOut.get(7 + i) + ", not " + 2f * i);
                }
            }
            assertThat(floatsOut.get(0)).isZero();

            FloatBuffer floatsIn = FloatBuffer.allocate(n + 1);
            for (int i = 0; i < n + 1; i++) {
                floatsIn.put(i, -i);
            }
            floatsIn.position(1);
            ByteBuffer bytesOut = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
            interpreter.run(floatsIn, bytesOut);
            assertThat(floatsIn.position()).isEqualTo(1);
            assertThat(bytesOut.position()).isZero();
            for (int i = 0; i < n; i++) {
                if (bytesOut.getFloat(4 * i) != -2f * (i + 1)) {
                    throw new AssertionError("output " + i + ": " + bytesOut.getFloat(4 * i) + ", not " + -2f * (i + 1));
                }
            }
        }
    }

    @Test
    void anInputGrowsAfterARun() {
        try (Interpreter interpreter = new Interpreter(timesTwoModel(1, 2), withTimesTwo())) {
            float[][] small = new float[1][2];
            interpreter.run(new float[][] {{1, 2}}, small);
            interpreter.resizeInput(0, new int[] {3, 5});
            float[][] big = new float[3][5];
            float[][] in = new float[3][5];
            in[2][4] = 7;
            interpreter.run(in, big);
            assertThat(big[2][4]).isEqualTo(14);
            assertThat(small[0]).containsExactly(2, 4);
        }
    }
}
