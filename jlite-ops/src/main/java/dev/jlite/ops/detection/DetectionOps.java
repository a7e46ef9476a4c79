package dev.jlite.ops.detection;

import dev.jlite.DataType;
import dev.jlite.kernel.MutableOpResolver;

/** Registers the detection kernels: the custom op that ends every SSD detection model. */
public final class DetectionOps {
    /** The custom op's name in TensorFlow Lite's op resolver. */
    public static final String DETECTION_POSTPROCESS = "TFLite_Detection_PostProcess";

    private DetectionOps() {}

    /** Adds this family's kernels to the resolver. */
    public static void register(MutableOpResolver resolver) {
        resolver.addCustom(DETECTION_POSTPROCESS, node -> new DetectionPostProcessKernel(), DataType.FLOAT32,
                DataType.UINT8);
    }
}
