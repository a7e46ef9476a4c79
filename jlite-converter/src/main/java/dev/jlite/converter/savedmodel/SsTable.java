package dev.jlite.converter.savedmodel;

import dev.jlite.converter.ConversionException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an immutable sorted table in TensorFlow's (LevelDB's) table format, the format of a checkpoint's
 * {@code .index} file: data blocks of prefix-compressed key/value entries, an index block pointing at them and a
 * 48-byte footer. TensorFlow writes these tables uncompressed; a compressed block is refused.
 */
public final class SsTable {
    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;

    private SsTable() {}

    /** Every entry of the table, keys in table order (keys as ISO-8859-1 strings, byte for byte). */
    public static Map<String, byte[]> read(byte[] file, String where) {
        if (file.length < FOOTER) {
            throw new ConversionException(where + ": too short for a table (" + file.length + " bytes)");
        }
        ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER, FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        if (footer.getLong(file.length - 8) != MAGIC) {
            throw new ConversionException(where + ": not a TensorFlow table (bad magic number)");
        }
        varint(footer); // metaindex block: TensorFlow writes none that matters
        varint(footer);
        long indexOffset = varint(footer);
        long indexSize = varint(footer);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (byte[] handle : block(file, indexOffset, indexSize, where).values()) {
            ByteBuffer h = ByteBuffer.wrap(handle);
            long offset = varint(h);
            long size = varint(h);
            entries.putAll(block(file, offset, size, where));
        }
        return entries;
    }

    private static Map<String, byte[]> block(byte[] file, long offset, long size, String where) {
        if (offset < 0 || size < 4 || offset + size + 5 > file.length) {
            throw new ConversionException(where + ": block at " + offset + " (" + size + " bytes) is out of the file");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        if (file[end] != 0) {
            throw new ConversionException(where + ": compressed table blocks are not supported");
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int restarts = b.getInt(end - 4);
        int entriesEnd = end - 4 - 4 * restarts;
        b.position(start);
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] key = new byte[0];
        while (b.position() < entriesEnd) {
            int shared = (int) varint(b);
            int unshared = (int) varint(b);
            int valueLength = (int) varint(b);
            byte[] k = Arrays.copyOf(key, shared + unshared);
            b.get(k, shared, unshared);
            byte[] v = new byte[valueLength];
            b.get(v);
            key = k;
            out.put(new String(k, java.nio.charset.StandardCharsets.ISO_8859_1), v);
        }
        return out;
    }

    private static long varint(ByteBuffer b) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            result |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return result;
            }
        }
        throw new ConversionException("malformed varint in table");
    }
}
