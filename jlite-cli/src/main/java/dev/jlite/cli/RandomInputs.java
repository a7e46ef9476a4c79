package dev.jlite.cli;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Random input data, reproducible from a seed. Floats are uniform in [0, 1); 8- and 16-bit integers cover their
 * type's range; wider integers are uniform in [0, 100) (they are often indices or sizes), as in TensorFlow Lite's
 * benchmark tool; booleans are fair coin flips.
 */
final class RandomInputs {
    private final Random random;

    RandomInputs(long seed) {
        this.random = new Random(seed);
    }

    /** Data for a tensor of this type and element count, in native byte order. */
    NpyArray next(DataType type, int[] shape, String what) {
        long n = NpyArray.elementCount(shape);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * type.byteSize())).order(ByteOrder.nativeOrder());
        for (long i = 0; i < n; i++) {
            switch (type) {
                case FLOAT32 -> b.putFloat(random.nextFloat());
                case FLOAT64 -> b.putDouble(random.nextDouble());
                case FLOAT16 -> b.putShort(halfOfTenBitFraction(random.nextInt(1024)));
                case INT8, UINT8 -> b.put((byte) random.nextInt(256));
                case BOOL -> b.put((byte) (random.nextBoolean() ? 1 : 0));
                case INT16, UINT16 -> b.putShort((short) random.nextInt(1 << 16));
                case INT32, UINT32 -> b.putInt(random.nextInt(100));
                case INT64, UINT64 -> b.putLong(random.nextInt(100));
                default -> throw CliException.usage(what + ": cannot make random " + type
                        + " data; give an --input file");
            }
        }
        b.flip();
        return new NpyArray(type, shape, b);
    }

    /** Random data for an input tensor of an interpreter. */
    NpyArray next(Tensor input, String what) {
        return next(input.dataType(), input.shape(), what);
    }

    /** Sets every input of an interpreter to random data, in input order. */
    static void fill(Interpreter interpreter, long seed) {
        RandomInputs random = new RandomInputs(seed);
        for (int i = 0; i < interpreter.getInputTensorCount(); i++) {
            Tensor t = interpreter.getInputTensor(i);
            interpreter.setInput(i, random.next(t, "input " + i + " '" + t.name() + "'").data());
        }
    }

    /**
     * The IEEE half-precision bits of k / 1024 for 0 <= k < 1024: a uniform value in [0, 1) that a half
     * represents exactly, so no rounding is needed. Such a value has at most 10 significant bits, and a half's
     * exponent bias is 15 where a float's is 127.
     */
    static short halfOfTenBitFraction(int k) {
        if (k == 0) {
            return 0;
        }
        int f = Float.floatToRawIntBits(k / 1024f);
        int exponent = (f >>> 23) & 0xff;
        int mantissa = f & 0x7fffff;
        return (short) (((exponent - 127 + 15) << 10) | (mantissa >>> 13));
    }
}
