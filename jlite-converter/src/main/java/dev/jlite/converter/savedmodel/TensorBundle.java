package dev.jlite.converter.savedmodel;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jlite.DataType;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.Constant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;

/**
 * A TensorFlow checkpoint in the tensor-bundle format ({@code PREFIX.index} + {@code PREFIX.data-NNNNN-of-MMMMM}):
 * the index is an {@link SsTable} mapping each tensor name to a {@code BundleEntryProto} (type, shape, shard, offset,
 * size, CRC32C), the data shards hold the raw little-endian elements. Tensors are read on demand and their
 * checksums verified.
 */
public final class TensorBundle {
    private final Path prefix;
    private final int shards;
    private final Map<String, BundleEntryProto> entries = new LinkedHashMap<>();
    private final Map<Integer, byte[]> shardData = new LinkedHashMap<>();

    private TensorBundle(Path prefix, int shards) {
        this.prefix = prefix;
        this.shards = shards;
    }

    /** Opens the bundle whose files start with {@code prefix} (e.g. {@code saved/variables/variables}). */
    public static TensorBundle open(Path prefix) {
        Path index = Path.of(prefix + ".index");
        byte[] file;
        try {
            file = Files.readAllBytes(index);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint index " + index, e);
        }
        Map<String, byte[]> table = SsTable.read(file, index.toString());
        try {
            byte[] headerBytes = table.get("");
            BundleHeaderProto header = headerBytes == null ? BundleHeaderProto.getDefaultInstance()
                    : BundleHeaderProto.parseFrom(headerBytes);
            if (header.getEndianness() != BundleHeaderProto.Endianness.LITTLE) {
                throw new ConversionException(index + ": big-endian checkpoints are not supported");
            }
            TensorBundle bundle = new TensorBundle(prefix, Math.max(1, header.getNumShards()));
            for (Map.Entry<String, byte[]> e : table.entrySet()) {
                if (!e.getKey().isEmpty()) {
                    String name = new String(e.getKey().getBytes(StandardCharsets.ISO_8859_1),
                            StandardCharsets.UTF_8);
                    bundle.entries.put(name, BundleEntryProto.parseFrom(e.getValue()));
                }
            }
            return bundle;
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(index + ": malformed bundle entry", e);
        }
    }

    /** The names of the tensors in the bundle. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** Reads one tensor. */
    public Constant read(String name) {
        BundleEntryProto e = entries.get(name);
        String where = "checkpoint tensor '" + name + "'";
        if (e == null) {
            throw new ConversionException(where + " is not in " + prefix + ".index");
        }
        if (e.getSlicesCount() > 0) {
            throw new ConversionException(where + " is saved in slices (a partitioned variable): not supported");
        }
        DataType type = TfTypes.toJlite(e.getDtype());
        if (type == null || type == DataType.STRING) {
            throw new ConversionException(where + ": type " + e.getDtype() + " is not supported");
        }
        byte[] shard = shard(e.getShardId());
        if (e.getOffset() < 0 || e.getOffset() + e.getSize() > shard.length) {
            throw new ConversionException(where + ": bytes " + e.getOffset() + "+" + e.getSize()
                    + " are outside its data shard");
        }
        CRC32C crc = new CRC32C();
        crc.update(shard, (int) e.getOffset(), (int) e.getSize());
        int actual = (int) crc.getValue();
        if (e.getCrc32C() != mask(actual)) {
            throw new ConversionException(where + ": checksum mismatch (corrupt checkpoint)");
        }
        return TfTensors.fromBytes(type, TfTypes.dims(e.getShape()),
                ByteBuffer.wrap(shard, (int) e.getOffset(), (int) e.getSize()), where);
    }

    /** LevelDB's masked CRC, as TensorFlow stores a tensor's checksum. */
    private static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private byte[] shard(int id) {
        return shardData.computeIfAbsent(id, i -> {
            Path p = Path.of(String.format("%s.data-%05d-of-%05d", prefix, i, shards));
            try {
                return Files.readAllBytes(p);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read checkpoint shard " + p, ex);
            }
        });
    }
}
