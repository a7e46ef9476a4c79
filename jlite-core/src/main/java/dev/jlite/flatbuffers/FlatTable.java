package dev.jlite.flatbuffers;

import dev.jlite.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A bounds-checked, read-only view of one FlatBuffer table. Every offset, length and field position is checked
 * against the buffer before it is followed, so a crafted file fails with a {@link ModelFormatException} that
 * names the table ({@link #where()}) and the byte offset, never with an exception from deep inside.
 *
 * <p>The generated FlatBuffers classes trust the file; the FlatBuffers Java runtime has no verifier. That is
 * why jlite reads the schema through this class instead.
 */
public final class FlatTable {
    private final ByteBuffer bb;
    private final int pos;
    private final int vtable;
    private final int vtableSize;
    private final int tableSize;
    private final Where where;

    private FlatTable(ByteBuffer bb, int pos, Where where) {
        this.bb = bb;
        this.where = where;
        int limit = bb.limit();
        if (pos < 0 || (long) pos + 4 > limit) {
            throw error("table at offset " + pos + " lies outside the " + limit + "-byte buffer");
        }
        this.pos = pos;
        long vt = (long) pos - bb.getInt(pos);
        if (vt < 0 || vt + 4 > limit) {
            throw error("vtable at offset " + vt + " (table at " + pos + ") lies outside the buffer");
        }
        this.vtable = (int) vt;
        this.vtableSize = Short.toUnsignedInt(bb.getShort(vtable));
        this.tableSize = Short.toUnsignedInt(bb.getShort(vtable + 2));
        if (vtableSize < 4 || (vtableSize & 1) != 0 || (long) vtable + vtableSize > limit) {
            throw error("vtable at offset " + vtable + " has invalid size " + vtableSize);
        }
        if ((long) pos + tableSize > limit || tableSize < 4) {
            throw error("table at offset " + pos + " has invalid size " + tableSize);
        }
    }

    /**
     * The root table of a FlatBuffer. The buffer is read in little-endian order from index 0 to its limit and is
     * not modified (a duplicate is kept).
     */
    public static FlatTable root(ByteBuffer buffer, Where where) {
        ByteBuffer bb = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (bb.limit() < 8) {
            throw new ModelFormatException(where + ": file is " + bb.limit() + " bytes, too short for a FlatBuffer");
        }
        long root = Integer.toUnsignedLong(bb.getInt(0));
        if (root >= bb.limit()) {
            throw new ModelFormatException(where + ": root table offset " + root + " is past the end of the "
                    + bb.limit() + "-byte file");
        }
        return new FlatTable(bb, (int) root, where);
    }

    /** Names this table for messages, e.g. {@code subgraph 0 / tensor 12}. */
    public Where where() {
        return where;
    }

    /** The buffer this table lives in (little-endian, index 0 = start of the FlatBuffer). */
    public ByteBuffer buffer() {
        return bb;
    }

    /** The absolute byte offset of this table in the buffer. */
    public int position() {
        return pos;
    }

    private ModelFormatException error(String message) {
        return new ModelFormatException(where + ": " + message);
    }

    /** Absolute position of a field's inline data, or -1 when absent; checks that {@code size} bytes fit. */
    private int field(int id, int size) {
        int slot = 4 + 2 * id;
        if (id < 0 || slot + 2 > vtableSize) {
            return -1;
        }
        int off = Short.toUnsignedInt(bb.getShort(vtable + slot));
        if (off == 0) {
            return -1;
        }
        if (off + size > tableSize) {
            throw error("field " + id + " at table offset " + off + " overruns the table (" + tableSize + " bytes)");
        }
        return pos + off;
    }

    /**
     * The absolute byte position of a field's inline value, or -1 when the field is absent (for tools and tests
     * that need to point at a field, such as the malformed-model test).
     */
    public int fieldPosition(int id) {
        return field(id, 1);
    }

    public boolean has(int id) {
        return field(id, 1) >= 0;
    }

    public byte getByte(int id, byte def) {
        int p = field(id, 1);
        return p < 0 ? def : bb.get(p);
    }

    public int getUByte(int id, int def) {
        int p = field(id, 1);
        return p < 0 ? def : Byte.toUnsignedInt(bb.get(p));
    }

    public boolean getBool(int id, boolean def) {
        int p = field(id, 1);
        return p < 0 ? def : bb.get(p) != 0;
    }

    public short getShort(int id, short def) {
        int p = field(id, 2);
        return p < 0 ? def : bb.getShort(p);
    }

    public int getInt(int id, int def) {
        int p = field(id, 4);
        return p < 0 ? def : bb.getInt(p);
    }

    /** An unsigned 32-bit field, widened. */
    public long getUInt(int id, long def) {
        int p = field(id, 4);
        return p < 0 ? def : Integer.toUnsignedLong(bb.getInt(p));
    }

    public long getLong(int id, long def) {
        int p = field(id, 8);
        return p < 0 ? def : bb.getLong(p);
    }

    public float getFloat(int id, float def) {
        int p = field(id, 4);
        return p < 0 ? def : bb.getFloat(p);
    }

    /** Follows an offset field; returns the absolute target position or -1 when the field is absent. */
    private int target(int id) {
        int p = field(id, 4);
        if (p < 0) {
            return -1;
        }
        long t = p + Integer.toUnsignedLong(bb.getInt(p));
        if (t + 4 > bb.limit()) {
            throw error("field " + id + " points to offset " + t + ", past the end of the " + bb.limit()
                    + "-byte buffer");
        }
        return (int) t;
    }

    /** A sub-table, or {@code null} when the field is absent. */
    public FlatTable table(int id, Where childWhere) {
        int t = target(id);
        return t < 0 ? null : new FlatTable(bb, t, childWhere);
    }

    /** A string field (UTF-8), or {@code null} when absent. */
    public String string(int id) {
        int t = target(id);
        if (t < 0) {
            return null;
        }
        int len = vectorLength(t, 1, id);
        byte[] bytes = new byte[len];
        bb.get(t + 4, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private int vectorLength(int t, int elementSize, int id) {
        long len = Integer.toUnsignedLong(bb.getInt(t));
        if (t + 4 + len * elementSize > bb.limit()) {
            throw error("vector in field " + id + " at offset " + t + " declares " + len + " elements of "
                    + elementSize + " bytes, past the end of the " + bb.limit() + "-byte buffer");
        }
        return (int) len;
    }

    /** Length of a vector field, 0 when absent. */
    public int vectorLength(int id, int elementSize) {
        int t = target(id);
        return t < 0 ? 0 : vectorLength(t, elementSize, id);
    }

    /** An int32 vector copied out, or {@code null} when absent. */
    public int[] ints(int id) {
        int t = target(id);
        if (t < 0) {
            return null;
        }
        int n = vectorLength(t, 4, id);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = bb.getInt(t + 4 + 4 * i);
        }
        return out;
    }

    /** An int64 vector copied out, or {@code null} when absent. */
    public long[] longs(int id) {
        int t = target(id);
        if (t < 0) {
            return null;
        }
        int n = vectorLength(t, 8, id);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = bb.getLong(t + 4 + 8 * i);
        }
        return out;
    }

    /** A float32 vector copied out, or {@code null} when absent. */
    public float[] floats(int id) {
        int t = target(id);
        if (t < 0) {
            return null;
        }
        int n = vectorLength(t, 4, id);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = bb.getFloat(t + 4 + 4 * i);
        }
        return out;
    }

    /** A vector of uint16 values copied out (widened), or {@code null} when absent. */
    public int[] ushorts(int id) {
        int t = target(id);
        if (t < 0) {
            return null;
        }
        int n = vectorLength(t, 2, id);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Short.toUnsignedInt(bb.getShort(t + 4 + 2 * i));
        }
        return out;
    }

    /** A vector of bytes as a zero-copy read-only little-endian view, or {@code null} when absent. */
    public ByteBuffer bytes(int id) {
        int t = target(id);
        if (t < 0) {
            return null;
        }
        int n = vectorLength(t, 1, id);
        return bb.slice(t + 4, n).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The number of tables in a vector-of-tables field, 0 when absent. */
    public int tableCount(int id) {
        return vectorLength(id, 4);
    }

    /** Element {@code i} of a vector-of-tables field. */
    public FlatTable tableAt(int id, int i, Where childWhere) {
        int t = target(id);
        int n = t < 0 ? 0 : vectorLength(t, 4, id);
        if (i < 0 || i >= n) {
            throw error("index " + i + " outside vector field " + id + " of length " + n);
        }
        int p = t + 4 + 4 * i;
        long target = p + Integer.toUnsignedLong(bb.getInt(p));
        if (target + 4 > bb.limit()) {
            throw new ModelFormatException(childWhere + ": table offset " + target + " is past the end of the "
                    + bb.limit() + "-byte buffer");
        }
        return new FlatTable(bb, (int) target, childWhere);
    }

    /** Element {@code i} of a vector-of-strings field. */
    public String stringAt(int id, int i) {
        int t = target(id);
        int n = t < 0 ? 0 : vectorLength(t, 4, id);
        if (i < 0 || i >= n) {
            throw error("index " + i + " outside vector field " + id + " of length " + n);
        }
        int p = t + 4 + 4 * i;
        long s = p + Integer.toUnsignedLong(bb.getInt(p));
        if (s + 4 > bb.limit()) {
            throw error("string " + i + " of field " + id + " at offset " + s + " is past the end of the buffer");
        }
        int len = vectorLength((int) s, 1, id);
        byte[] bytes = new byte[len];
        bb.get((int) s + 4, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "FlatTable[" + where + " @" + pos + "]";
    }
}
