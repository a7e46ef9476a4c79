package dev.jlite.converter.quant;

import dev.jlite.converter.ConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (versions 1-3, C order, little-endian float32/float64/int32/int64/int8/uint8) as
 * flat {@code float[]} or {@code int[]} with their shape: the representative inputs of a conversion.
 */
public final class NpyReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** An array: {@code float[]} for floating types, {@code int[]} for integer types. */
    public record Array(Object data, int[] shape) {}

    private NpyReader() {}

    public static Array read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConversionException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P'
                || b[5] != 'Y') {
            throw new ConversionException(file + " is not a .npy file");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int headerStart = major == 1 ? 10 : 12;
        String header = new String(b, headerStart, headerLength, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || (f.find() && f.group(1).equals("True"))) {
            throw new ConversionException(file + ": unsupported .npy header " + header.trim());
        }
        String[] parts = s.group(1).split(",");
        int[] shape = java.util.Arrays.stream(parts).map(String::trim).filter(x -> !x.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int n = 1;
        for (int x : shape) {
            n *= x;
        }
        buf.position(headerStart + headerLength);
        ByteBuffer data = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
        String descr = d.group(1);
        Object out = switch (descr) {
            case "<f4" -> {
                float[] a = new float[n];
                data.asFloatBuffer().get(a);
                yield a;
            }
            case "<f8" -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) data.getDouble(8 * i);
                }
                yield a;
            }
            case "<i4" -> {
                int[] a = new int[n];
                data.asIntBuffer().get(a);
                yield a;
            }
            case "<i8" -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Math.toIntExact(data.getLong(8 * i));
                }
                yield a;
            }
            case "|u1", "|i1" -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = descr.equals("|u1") ? Byte.toUnsignedInt(data.get(i)) : data.get(i);
                }
                yield a;
            }
            default -> throw new ConversionException(file + ": unsupported .npy type " + descr);
        };
        return new Array(out, shape);
    }
}
