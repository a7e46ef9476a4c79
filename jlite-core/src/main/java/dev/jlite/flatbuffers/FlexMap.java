package dev.jlite.flatbuffers;

import dev.jlite.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The root map of a FlexBuffer, the format of custom operators' options (TensorFlow Lite's
 * {@code flexbuffers::GetRoot(buffer).AsMap()}), read once into Java values: numbers, booleans, strings and null.
 * Nested maps and vectors are skipped; a key that is missing reads as its default. Every offset is checked, so a
 * crafted buffer fails with a {@link ModelFormatException} naming {@code where}.
 */
public final class FlexMap {
    private static final int NULL = 0, INT = 1, UINT = 2, FLOAT = 3, KEY = 4, STRING = 5, INDIRECT_INT = 6,
            INDIRECT_UINT = 7, INDIRECT_FLOAT = 8, MAP = 9, BOOL = 26;

    private final Map<String, Object> values;
    private final String where;

    private FlexMap(Map<String, Object> values, String where) {
        this.values = values;
        this.where = where;
    }

    /**
     * Reads the root map of a FlexBuffer.
     *
     * @param buffer the bytes from index 0 to the limit (not modified)
     * @param where names the buffer in errors, e.g. the operator
     * @throws ModelFormatException if the buffer is not a FlexBuffer whose root is a map
     */
    public static FlexMap parse(ByteBuffer buffer, String where) {
        return new Reader(buffer, where).root();
    }

    /** Whether the map has the key (with any value, null included). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The key's value as an int (a float is truncated, a boolean is 0 or 1), or {@code def} when missing or null. */
    public int getInt(String key, int def) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return v instanceof Double ? (int) n.doubleValue() : (int) n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return def;
    }

    /** The key's value as a float, or {@code def} when missing or null. */
    public float getFloat(String key, float def) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n.floatValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return def;
    }

    /** The key's value as a boolean (a number is true when non-zero), or {@code def} when missing or null. */
    public boolean getBool(String key, boolean def) {
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return def;
    }

    /** The key's value as a string, or {@code def} when missing or not a string. */
    public String getString(String key, String def) {
        Object v = values.get(key);
        return v instanceof String s ? s : def;
    }

    @Override
    public String toString() {
        return where + " " + values;
    }

    private static final class Reader {
        private final ByteBuffer bb;
        private final String where;

        Reader(ByteBuffer buffer, String where) {
            this.bb = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
            this.where = where;
        }

        FlexMap root() {
            int length = bb.limit();
            if (length < 3) {
                throw error("custom options of " + length + " bytes are too short for a FlexBuffer");
            }
            int rootWidth = Byte.toUnsignedInt(bb.get(length - 1));
            int packed = Byte.toUnsignedInt(bb.get(length - 2));
            checkWidth(rootWidth, length - 1);
            int rootPos = length - 2 - rootWidth;
            if (rootPos < 0) {
                throw error("root value of width " + rootWidth + " does not fit the buffer");
            }
            if (packed >> 2 != MAP) {
                throw error("root is FlexBuffer type " + (packed >> 2) + ", not a map");
            }
            int map = indirect(rootPos, rootWidth);
            return new FlexMap(readMap(map, 1 << (packed & 3)), where);
        }

        private Map<String, Object> readMap(int pos, int width) {
            checkWidth(width, pos);
            long size = readUInt(pos - width, width);
            int keysOffsetPos = pos - 3 * width;
            int keys = indirect(keysOffsetPos, width);
            int keyWidth = (int) readUInt(pos - 2 * width, width);
            checkWidth(keyWidth, pos - 2 * width);
            long typesEnd = pos + size * width + size;
            long keysEnd = keys + size * keyWidth;
            if (size > bb.limit() || typesEnd > bb.limit() || keysEnd > bb.limit()) {
                throw error("map of " + size + " entries at offset " + pos + " runs past the buffer");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                String key = readKey(indirect(keys + i * keyWidth, keyWidth));
                int packed = Byte.toUnsignedInt(bb.get((int) (pos + size * width + i)));
                result.put(key, readValue(pos + i * width, width, packed));
            }
            return result;
        }

        private Object readValue(int pos, int parentWidth, int packed) {
            int type = packed >> 2;
            int width = 1 << (packed & 3);
            switch (type) {
                case NULL:
                    return null;
                case INT:
                    return readInt(pos, parentWidth);
                case UINT:
                    return readUInt(pos, parentWidth);
                case BOOL:
                    return readUInt(pos, parentWidth) != 0;
                case FLOAT:
                    return readFloat(pos, parentWidth);
                case INDIRECT_INT:
                    return readInt(indirect(pos, parentWidth), width);
                case INDIRECT_UINT:
                    return readUInt(indirect(pos, parentWidth), width);
                case INDIRECT_FLOAT:
                    return readFloat(indirect(pos, parentWidth), width);
                case KEY:
                    return readKey(indirect(pos, parentWidth));
                case STRING: {
                    int s = indirect(pos, parentWidth);
                    long length = readUInt(s - width, width);
                    if (length > bb.limit() - s) {
                        throw error("string at offset " + s + " runs past the buffer");
                    }
                    byte[] bytes = new byte[(int) length];
                    bb.get(s, bytes);
                    return new String(bytes, StandardCharsets.UTF_8);
                }
                default:
                    return new Object(); // a nested map or vector: present, but no scalar value
            }
        }

        private String readKey(int pos) {
            int end = pos;
            while (end < bb.limit() && bb.get(end) != 0) {
                end++;
            }
            if (end >= bb.limit()) {
                throw error("key at offset " + pos + " is not terminated");
            }
            byte[] bytes = new byte[end - pos];
            bb.get(pos, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** Follows the offset stored at {@code pos}: FlexBuffers offsets point backwards. */
        private int indirect(int pos, int width) {
            long target = pos - readUInt(pos, width);
            if (target < 0 || target >= bb.limit()) {
                throw error("offset at " + pos + " points outside the buffer");
            }
            return (int) target;
        }

        private long readUInt(int pos, int width) {
            check(pos, width);
            switch (width) {
                case 1: return Byte.toUnsignedLong(bb.get(pos));
                case 2: return Short.toUnsignedLong(bb.getShort(pos));
                case 4: return Integer.toUnsignedLong(bb.getInt(pos));
                default: return bb.getLong(pos);
            }
        }

        private long readInt(int pos, int width) {
            check(pos, width);
            switch (width) {
                case 1: return bb.get(pos);
                case 2: return bb.getShort(pos);
                case 4: return bb.getInt(pos);
                default: return bb.getLong(pos);
            }
        }

        private double readFloat(int pos, int width) {
            check(pos, width);
            if (width == 4) {
                return bb.getFloat(pos);
            }
            if (width == 8) {
                return bb.getDouble(pos);
            }
            throw error("float of " + width + " bytes at offset " + pos);
        }

        private void check(int pos, int width) {
            if (pos < 0 || (long) pos + width > bb.limit()) {
                throw error(width + "-byte value at offset " + pos + " lies outside the " + bb.limit()
                        + "-byte buffer");
            }
        }

        private void checkWidth(int width, int pos) {
            if (width != 1 && width != 2 && width != 4 && width != 8) {
                throw error("byte width " + width + " at offset " + pos + " is not 1, 2, 4 or 8");
            }
        }

        private ModelFormatException error(String message) {
            return new ModelFormatException(where + ": " + message);
        }
    }
}
