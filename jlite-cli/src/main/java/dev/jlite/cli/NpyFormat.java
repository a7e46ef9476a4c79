package dev.jlite.cli;

import dev.jlite.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0; C order; one numeric or boolean
 * dtype). See numpy/lib/format.py for the layout: a magic string, a version, a header length, a Python dict
 * literal with {@code descr}, {@code fortran_order} and {@code shape}, then the raw elements.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the data to 64 bytes, so that it can be memory-mapped. */
    private static final int ALIGNMENT = 64;
    private static final Map<DataType, String> KIND_AND_SIZE = new EnumMap<>(DataType.class);

    static {
        KIND_AND_SIZE.put(DataType.FLOAT32, "f4");
        KIND_AND_SIZE.put(DataType.FLOAT64, "f8");
        KIND_AND_SIZE.put(DataType.FLOAT16, "f2");
        KIND_AND_SIZE.put(DataType.INT8, "i1");
        KIND_AND_SIZE.put(DataType.INT16, "i2");
        KIND_AND_SIZE.put(DataType.INT32, "i4");
        KIND_AND_SIZE.put(DataType.INT64, "i8");
        KIND_AND_SIZE.put(DataType.UINT8, "u1");
        KIND_AND_SIZE.put(DataType.UINT16, "u2");
        KIND_AND_SIZE.put(DataType.UINT32, "u4");
        KIND_AND_SIZE.put(DataType.UINT64, "u8");
        KIND_AND_SIZE.put(DataType.BOOL, "b1");
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {}

    /** Whether a tensor of this type can be written as {@code .npy}. */
    static boolean supports(DataType type) {
        return KIND_AND_SIZE.containsKey(type);
    }

    /** The NumPy dtype name of a type ({@code float32}, {@code int8}, ...), for messages. */
    static String numpyName(DataType type) {
        String ks = KIND_AND_SIZE.get(type);
        if (ks == null) {
            return type.name();
        }
        if (type == DataType.BOOL) {
            return "bool";
        }
        String kind = switch (ks.charAt(0)) {
            case 'f' -> "float";
            case 'u' -> "uint";
            default -> "int";
        };
        return kind + (8 * (ks.charAt(1) - '0'));
    }

    /** Reads a {@code .npy} file; the message of the {@link IOException} says what is wrong with it. */
    static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    static NpyArray read(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length + 2);
        if (magic.length < MAGIC.length + 2 || !java.util.Arrays.equals(magic, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a .npy file (no \\x93NUMPY magic)");
        }
        int major = magic[MAGIC.length] & 0xff;
        int headerLength;
        if (major == 1) {
            byte[] len = readFully(in, 2, "header length");
            headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] len = readFully(in, 4, "header length");
            long l = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            if (l > 1 << 20) {
                throw new IOException("header of " + l + " bytes is implausibly large");
            }
            headerLength = (int) l;
        } else {
            throw new IOException("unsupported .npy format version " + major + "." + (magic[MAGIC.length + 1] & 0xff));
        }
        String header = new String(readFully(in, headerLength, "header"),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find()) {
            throw new IOException(header.contains("'descr'") ? "structured dtypes are not supported"
                    : "header has no 'descr': " + header.strip());
        }
        if (!fortran.find() || !shapeMatch.find()) {
            throw new IOException("header lacks 'fortran_order' or 'shape': " + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException("array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        String dtype = descr.group(1);
        DataType type = typeOf(dtype);
        ByteOrder order = byteOrderOf(dtype, type);
        int[] shape = parseShape(shapeMatch.group(1));
        long count = NpyArray.elementCount(shape);
        long bytes = count * type.byteSize();
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new IOException("array of " + bytes + " bytes is too large");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new IOException("truncated: the header promises " + bytes + " bytes of data, the file has "
                    + data.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        if (order != ByteOrder.nativeOrder() && type.byteSize() > 1) {
            swapBytes(data, type.byteSize());
        }
        return new NpyArray(type, shape, buffer.order(ByteOrder.nativeOrder()));
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("truncated " + what);
        }
        return b;
    }

    private static DataType typeOf(String dtype) throws IOException {
        if (dtype.length() == 3) {
            String ks = dtype.substring(1);
            for (Map.Entry<DataType, String> e : KIND_AND_SIZE.entrySet()) {
                if (e.getValue().equals(ks)) {
                    return e.getKey();
                }
            }
        }
        throw new IOException("unsupported dtype '" + dtype + "' (supported: <f4 <f8 <f2 <i1 <i2 <i4 <i8 |u1 <u2 "
                + "<u4 <u8 |b1 and their big-endian forms)");
    }

    private static ByteOrder byteOrderOf(String dtype, DataType type) throws IOException {
        switch (dtype.charAt(0)) {
            case '<':
                return ByteOrder.LITTLE_ENDIAN;
            case '>':
                return ByteOrder.BIG_ENDIAN;
            case '=':
                return ByteOrder.nativeOrder();
            case '|':
                if (type.byteSize() == 1) {
                    return ByteOrder.nativeOrder();
                }
                throw new IOException("dtype '" + dtype + "' has no byte order");
            default:
                throw new IOException("unsupported dtype '" + dtype + "'");
        }
    }

    private static int[] parseShape(String tuple) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1); // Python 2 longs
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                int d = Integer.parseInt(p);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException("bad shape (" + tuple + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void swapBytes(byte[] data, int width) {
        for (int i = 0; i + width <= data.length; i += width) {
            for (int a = i, b = i + width - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }

    /** Writes an array as a version 1.0 file (2.0 when the header does not fit 1.0's 16-bit length). */
    static void write(Path file, NpyArray array) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, array);
        }
    }

    static void write(OutputStream out, NpyArray array) throws IOException {
        String ks = KIND_AND_SIZE.get(array.type());
        if (ks == null) {
            throw new IOException(array.type() + " tensors cannot be saved as .npy");
        }
        char order = array.type().byteSize() == 1 ? '|'
                : ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        StringBuilder dict = new StringBuilder("{'descr': '").append(order).append(ks)
                .append("', 'fortran_order': False, 'shape': (");
        int[] shape = array.shape();
        for (int i = 0; i < shape.length; i++) {
            dict.append(i > 0 ? ", " : "").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int major = 1;
        int prefix = MAGIC.length + 2 + 2;
        int padded = pad(prefix + dict.length() + 1) - prefix;
        if (padded > 0xffff) {
            major = 2;
            prefix += 2;
            padded = pad(prefix + dict.length() + 1) - prefix;
        }
        dict.append(" ".repeat(padded - dict.length() - 1)).append('\n');
        ByteBuffer head = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            head.putShort((short) padded);
        } else {
            head.putInt(padded);
        }
        out.write(head.array());
        out.write(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = array.data();
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            out.write(copy);
        }
    }

    private static int pad(int n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
