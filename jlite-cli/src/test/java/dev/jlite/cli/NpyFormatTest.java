package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyFormatTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT32", "FLOAT64", "FLOAT16", "INT8", "INT16", "INT32", "INT64",
            "UINT8", "UINT16", "UINT32", "UINT64", "BOOL"})
    void writesAndReadsBackEveryType(DataType type) throws IOException {
        int[] shape = {2, 3, 5};
        byte[] bytes = new byte[30 * type.byteSize()];
        new Random(type.ordinal()).nextBytes(bytes);
        NpyArray a = new NpyArray(type, shape, ByteBuffer.wrap(bytes));
        Path f = dir.resolve(type + ".npy");
        NpyFormat.write(f, a);

        NpyArray back = NpyFormat.read(f);
        assertThat(back.type()).isEqualTo(type);
        assertThat(back.shape()).containsExactly(2, 3, 5);
        assertThat(bytesOf(back)).isEqualTo(bytes);
        assertThat(Files.size(f) % 64).as("data aligned to 64 bytes as numpy does").isEqualTo(
                (long) bytes.length % 64);
    }

    @Test
    void writesTheHeaderNumpyWrites() throws IOException {
        NpyArray a = new NpyArray(DataType.FLOAT32, new int[] {3}, floats(1f, 2f, 3f));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyFormat.write(out, a);
        byte[] f = out.toByteArray();
        assertThat(f).startsWith((byte) 0x93, (byte) 'N', (byte) 'U', (byte) 'M', (byte) 'P', (byte) 'Y', (byte) 1,
                (byte) 0);
        int headerLength = (f[8] & 0xff) | (f[9] & 0xff) << 8;
        String header = new String(f, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }").endsWith("\n");
        assertThat(10 + headerLength).as("numpy.save writes the same 128-byte header here").isEqualTo(128);
        assertThat(f).hasSize(128 + 12);
    }

    @Test
    void readsScalarsAndEmptyArrays() throws IOException {
        NpyArray scalar = roundTrip(new NpyArray(DataType.INT32, new int[0], ints(7)));
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.valueAt(0)).isEqualTo(7.0);
        NpyArray empty = roundTrip(new NpyArray(DataType.FLOAT32, new int[] {0, 4}, ByteBuffer.allocate(0)));
        assertThat(empty.shape()).containsExactly(0, 4);
        assertThat(empty.elementCount()).isZero();
    }

    @Test
    void readsAFileAsNumpyWritesIt() throws IOException {
        // numpy.save(f, numpy.array([[1, -2], [3, 4]], dtype='<i8')), header as numpy 1.x/2.x writes it
        byte[] file = npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", longs(1, -2, 3, 4));
        NpyArray a = NpyFormat.read(new ByteArrayInputStream(file));
        assertThat(a.type()).isEqualTo(DataType.INT64);
        assertThat(a.shape()).containsExactly(2, 2);
        assertThat(a.valueAt(1)).isEqualTo(-2.0);
        assertThat(a.format(3)).isEqualTo("4");
    }

    @Test
    void readsVersion2HeadersAndBigEndianData() throws IOException {
        ByteBuffer big = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-3f);
        byte[] file = npy(2, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", big.array());
        NpyArray a = NpyFormat.read(new ByteArrayInputStream(file));
        assertThat(a.type()).isEqualTo(DataType.FLOAT32);
        assertThat(a.valueAt(0)).isEqualTo(1.5);
        assertThat(a.valueAt(1)).isEqualTo(-3.0);
    }

    @Test
    void rejectsFortranOrderWithAClearMessage() {
        byte[] file = npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16]);
        assertThatThrownBy(() -> NpyFormat.read(new ByteArrayInputStream(file)))
                .isInstanceOf(IOException.class).hasMessageContaining("Fortran order");
    }

    @Test
    void rejectsUnsupportedDtypesTruncatedDataAndOtherFiles() {
        byte[] complex = npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        assertThatThrownBy(() -> NpyFormat.read(new ByteArrayInputStream(complex)))
                .hasMessageContaining("unsupported dtype '<c8'");
        byte[] structured = npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[4]);
        assertThatThrownBy(() -> NpyFormat.read(new ByteArrayInputStream(structured)))
                .hasMessageContaining("structured");
        byte[] truncated = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new byte[12]);
        assertThatThrownBy(() -> NpyFormat.read(new ByteArrayInputStream(truncated)))
                .hasMessageContaining("truncated").hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> NpyFormat.read(new ByteArrayInputStream("hello world".getBytes())))
                .hasMessageContaining("not a .npy file");
        byte[] negative = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", new byte[0]);
        assertThatThrownBy(() -> NpyFormat.read(new ByteArrayInputStream(negative)))
                .hasMessageContaining("bad shape");
    }

    @Test
    void convertsHalfPrecisionValues() {
        assertThat(NpyArray.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(NpyArray.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(NpyArray.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(NpyArray.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        for (int k = 0; k < 1024; k++) {
            assertThat(NpyArray.halfToFloat(RandomInputs.halfOfTenBitFraction(k))).isEqualTo(k / 1024f);
        }
    }

    private NpyArray roundTrip(NpyArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyFormat.write(out, a);
        return NpyFormat.read(new ByteArrayInputStream(out.toByteArray()));
    }

    /** A .npy file with the header padded to 64 bytes, as numpy writes it. */
    static byte[] npy(int major, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    static byte[] bytesOf(NpyArray a) {
        ByteBuffer d = a.data();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }

    static ByteBuffer floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.nativeOrder());
        for (float x : v) {
            b.putFloat(x);
        }
        return b.flip();
    }

    static ByteBuffer ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.nativeOrder());
        for (int x : v) {
            b.putInt(x);
        }
        return b.flip();
    }

    static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }
}
