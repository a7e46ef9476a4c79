package dev.jlite.converter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Writes float32 tensors as a TensorFlow checkpoint (tensor bundle: an index table and one data shard) the way
 * TensorFlow does, so that tests can build SavedModels that TensorFlow itself loads.
 */
final class CheckpointWriter {
    private final Map<String, float[]> values = new TreeMap<>();
    private final Map<String, long[]> shapes = new TreeMap<>();

    CheckpointWriter put(String name, float[] data, long... shape) {
        values.put(name, data);
        shapes.put(name, shape);
        return this;
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    /** Writes {@code prefix.index} and {@code prefix.data-00000-of-00001}. */
    void write(Path prefix) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("", BundleHeaderProto.newBuilder().setNumShards(1).build().toByteArray());
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            ByteBuffer b = ByteBuffer.allocate(4 * e.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(e.getValue());
            CRC32C crc = new CRC32C();
            crc.update(b.array());
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (long d : shapes.get(e.getKey())) {
                shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            entries.put(e.getKey(), BundleEntryProto.newBuilder().setDtype(DataType.DT_FLOAT).setShape(shape)
                    .setShardId(0).setOffset(data.size()).setSize(b.array().length)
                    .setCrc32C(mask((int) crc.getValue())).build().toByteArray());
            data.write(b.array());
        }
        Files.write(Path.of(prefix + ".data-00000-of-00001"), data.toByteArray());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        long[] dataHandle = block(file, entries);
        long[] metaHandle = block(file, Map.of());
        String lastKey = ((TreeMap<String, byte[]>) entries).lastKey();
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        varint(handle, dataHandle[0]);
        varint(handle, dataHandle[1]);
        long[] indexHandle = block(file, Map.of(lastKey, handle.toByteArray()));
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        varint(footer, metaHandle[0]);
        varint(footer, metaHandle[1]);
        varint(footer, indexHandle[0]);
        varint(footer, indexHandle[1]);
        while (footer.size() < 40) {
            footer.write(0);
        }
        ByteBuffer magic = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0xdb4775248b80fb57L);
        footer.write(magic.array());
        file.write(footer.toByteArray());
        Files.write(Path.of(prefix + ".index"), file.toByteArray());
    }

    /** One uncompressed block (full keys, one restart point) and its trailer; returns {offset, size}. */
    private static long[] block(ByteArrayOutputStream file, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            varint(b, 0);
            varint(b, key.length);
            varint(b, e.getValue().length);
            b.write(key);
            b.write(e.getValue());
        }
        ByteBuffer restarts = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(1);
        b.write(restarts.array());
        byte[] contents = b.toByteArray();
        long offset = file.size();
        file.write(contents);
        CRC32C crc = new CRC32C();
        crc.update(contents);
        crc.update(0);
        file.write(0);
        file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(mask((int) crc.getValue())).array());
        return new long[] {offset, contents.length};
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
