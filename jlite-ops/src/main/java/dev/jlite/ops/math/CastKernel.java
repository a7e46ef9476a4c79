package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;

/**
 * CAST between FLOAT32, INT32, INT64, UINT8, INT16 and BOOL, as C++'s {@code static_cast}: floats truncate toward
 * zero when converted to integers (TensorFlow Lite leaves out-of-range values undefined), integers wrap when
 * narrowed, anything nonzero (NaN included) is true, and true is 1.
 */
final class CastKernel implements Kernel {
    /** The types TensorFlow Lite 2.6.2 casts from and to (besides COMPLEX64). */
    static final DataType[] TYPES = {DataType.FLOAT32, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT16,
            DataType.BOOL};

    private boolean planWhileRunning;

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        DataType from = node.requireInput(0).dataType();
        DataType to = node.output(0).dataType();
        if (!castable(from) || !castable(to)) {
            throw node.error("cannot cast " + from + " to " + to);
        }
        planWhileRunning = Shapes.anyInputDynamic(node);
        if (planWhileRunning) {
            node.output(0).markDynamic();
        } else {
            node.output(0).resize(node.input(0).shape());
        }
    }

    private static boolean castable(DataType type) {
        for (DataType t : TYPES) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void eval(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        if (planWhileRunning) {
            out.resize(in.shape());
        }
        int n = in.numElements();
        int ii = in.offset();
        int oi = out.offset();
        DataType to = out.dataType();
        switch (in.dataType()) {
            case FLOAT32 -> {
                float[] v = in.floats();
                for (int i = 0; i < n; i++) {
                    writeFloat(out, to, oi + i, v[ii + i]);
                }
            }
            case INT32 -> {
                int[] v = in.ints();
                for (int i = 0; i < n; i++) {
                    writeLong(out, to, oi + i, v[ii + i]);
                }
            }
            case INT64 -> {
                long[] v = in.longs();
                for (int i = 0; i < n; i++) {
                    writeLong(out, to, oi + i, v[ii + i]);
                }
            }
            case INT16 -> {
                short[] v = in.shorts();
                for (int i = 0; i < n; i++) {
                    writeLong(out, to, oi + i, v[ii + i]);
                }
            }
            case UINT8 -> {
                byte[] v = in.bytes();
                for (int i = 0; i < n; i++) {
                    writeLong(out, to, oi + i, v[ii + i] & 0xff);
                }
            }
            default -> {
                byte[] v = in.bytes();
                for (int i = 0; i < n; i++) {
                    writeLong(out, to, oi + i, v[ii + i] != 0 ? 1 : 0);
                }
            }
        }
    }

    private static void writeFloat(Tensor out, DataType to, int i, float v) {
        switch (to) {
            case FLOAT32 -> out.floats()[i] = v;
            case INT32 -> out.ints()[i] = (int) v;
            case INT64 -> out.longs()[i] = (long) v;
            case INT16 -> out.shorts()[i] = (short) (int) v;
            case UINT8 -> out.bytes()[i] = (byte) (int) v;
            default -> out.bytes()[i] = v != 0f ? (byte) 1 : (byte) 0;
        }
    }

    /** An integer value; a long converts to float with one rounding, as C++ does. */
    private static void writeLong(Tensor out, DataType to, int i, long v) {
        switch (to) {
            case FLOAT32 -> out.floats()[i] = (float) v;
            case INT32 -> out.ints()[i] = (int) v;
            case INT64 -> out.longs()[i] = v;
            case INT16 -> out.shorts()[i] = (short) v;
            case UINT8 -> out.bytes()[i] = (byte) v;
            default -> out.bytes()[i] = v != 0 ? (byte) 1 : (byte) 0;
        }
    }
}
