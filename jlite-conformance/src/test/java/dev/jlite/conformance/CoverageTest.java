package dev.jlite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.Registration;
import dev.jlite.ops.BuiltinOpResolver;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What jlite claims is what the differential suite proves: every (operator, type) that {@link BuiltinOpResolver}
 * registers has a generator, and every generator tests something jlite registers.
 */
class CoverageTest {
    /** Registered, without a generator, and why. */
    private static final Map<String, String> NOT_DIFFERENTIAL = Map.of(
            "Convolution2DTransposeBias/FLOAT32", "MediaPipe's custom op: the official interpreter has no kernel "
                    + "for it (tested against a reference in jlite-ops' TransposeConvBiasTest)");

    /** Registered kernels whose generators are still being written (must shrink to nothing). */
    private static final Set<String> NOT_YET = Set.of(
            "AVERAGE_POOL_2D/FLOAT32", "CONCATENATION/BOOL", "CONCATENATION/FLOAT32", "CONCATENATION/INT16",
            "CONCATENATION/INT32", "CONCATENATION/INT64", "CONCATENATION/INT8", "CONCATENATION/UINT8",
            "CONV_2D/FLOAT32", "DENSIFY/FLOAT16", "DENSIFY/FLOAT32", "DENSIFY/INT8", "DEPTHWISE_CONV_2D/FLOAT32",
            "DEPTH_TO_SPACE/BOOL", "DEPTH_TO_SPACE/FLOAT32", "DEPTH_TO_SPACE/INT16", "DEPTH_TO_SPACE/INT32",
            "DEPTH_TO_SPACE/INT64", "DEPTH_TO_SPACE/INT8", "DEPTH_TO_SPACE/UINT8",
            "EXPAND_DIMS/BOOL", "EXPAND_DIMS/FLOAT32",
            "EXPAND_DIMS/INT16", "EXPAND_DIMS/INT32", "EXPAND_DIMS/INT64", "EXPAND_DIMS/INT8", "EXPAND_DIMS/UINT8",
            "FULLY_CONNECTED/FLOAT32", "GATHER/BOOL", "GATHER/FLOAT32", "GATHER/INT16", "GATHER/INT32",
            "GATHER/INT64", "GATHER/INT8", "GATHER/UINT8", "HARD_SWISH/FLOAT32", "LEAKY_RELU/FLOAT32",
            "LOGISTIC/FLOAT32", "MAX_POOL_2D/FLOAT32", "MEAN/FLOAT32", "PAD/BOOL", "PAD/FLOAT32", "PAD/INT16",
            "PAD/INT32", "PAD/INT64", "PAD/INT8", "PAD/UINT8", "PADV2/BOOL", "PADV2/FLOAT32", "PADV2/INT16",
            "PADV2/INT32", "PADV2/INT64", "PADV2/INT8", "PADV2/UINT8", "PRELU/FLOAT32", "REDUCE_MAX/FLOAT32",
            "RELU/FLOAT32", "RELU6/FLOAT32", "RELU_N1_TO_1/FLOAT32", "RESHAPE/BOOL", "RESHAPE/FLOAT32",
            "RESHAPE/INT16", "RESHAPE/INT32", "RESHAPE/INT64", "RESHAPE/INT8", "RESHAPE/UINT8",
            "RESIZE_BILINEAR/FLOAT32", "RESIZE_NEAREST_NEIGHBOR/BOOL", "RESIZE_NEAREST_NEIGHBOR/FLOAT32",
            "RESIZE_NEAREST_NEIGHBOR/INT16", "RESIZE_NEAREST_NEIGHBOR/INT32", "RESIZE_NEAREST_NEIGHBOR/INT64",
            "RESIZE_NEAREST_NEIGHBOR/INT8", "RESIZE_NEAREST_NEIGHBOR/UINT8", "SOFTMAX/FLOAT32",
            "SPACE_TO_DEPTH/BOOL", "SPACE_TO_DEPTH/FLOAT32", "SPACE_TO_DEPTH/INT16", "SPACE_TO_DEPTH/INT32",
            "SPACE_TO_DEPTH/INT64", "SPACE_TO_DEPTH/INT8", "SPACE_TO_DEPTH/UINT8", "SQUEEZE/BOOL", "SQUEEZE/FLOAT32",
            "SQUEEZE/INT16", "SQUEEZE/INT32", "SQUEEZE/INT64", "SQUEEZE/INT8", "SQUEEZE/UINT8", "STRIDED_SLICE/BOOL",
            "STRIDED_SLICE/FLOAT32", "STRIDED_SLICE/INT16", "STRIDED_SLICE/INT32", "STRIDED_SLICE/INT64",
            "STRIDED_SLICE/INT8", "STRIDED_SLICE/UINT8", "SUM/FLOAT32", "TANH/FLOAT32", "TRANSPOSE/BOOL",
            "TRANSPOSE/FLOAT32", "TRANSPOSE/INT16", "TRANSPOSE/INT32", "TRANSPOSE/INT64", "TRANSPOSE/INT8",
            "TRANSPOSE/UINT8", "TRANSPOSE_CONV/FLOAT32");

    private static Set<String> registered() {
        Set<String> keys = new TreeSet<>();
        for (Registration r : new BuiltinOpResolver().registrations()) {
            for (DataType t : r.types()) {
                keys.add(r.name() + "/" + t.name());
            }
        }
        return keys;
    }

    private static Set<String> generated() {
        Set<String> keys = new TreeSet<>();
        for (OpCases g : Families.all()) {
            assertThat(keys.add(g.key())).as("two generators for %s", g.key()).isTrue();
        }
        return keys;
    }

    @Test
    void everyRegisteredOperatorAndTypeHasAGenerator() {
        Set<String> missing = new TreeSet<>(registered());
        missing.removeAll(generated());
        missing.removeAll(NOT_DIFFERENTIAL.keySet());
        assertThat(missing).as("registered without a differential generator").isEqualTo(new TreeSet<>(NOT_YET));
    }

    @Test
    void everyGeneratorTestsARegisteredOperatorAndType() {
        Set<String> extra = generated();
        extra.removeAll(registered());
        assertThat(extra).as("generators for kernels jlite does not register").isEmpty();
    }
}
