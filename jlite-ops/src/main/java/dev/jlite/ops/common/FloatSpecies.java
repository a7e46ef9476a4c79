package dev.jlite.ops.common;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float vector species every SIMD kernel uses: the JVM's preferred species (512-bit with AVX-512, 256-bit
 * with AVX2), unless the system property {@code jlite.simd.bits} asks for a narrower one (128, 256 or 512; a width
 * the JVM does not offer falls back to the preferred one). It must be one species for the whole JVM: on JDK 17, once
 * C2's profiles see two vector classes in the Vector API's shared code, it stops eliminating vector boxes and every
 * kernel slows down several times (measured: 512-bit convolutions next to 256-bit depthwise and elementwise loops
 * made whole models 6 to 8 times slower; Temurin 25 did not slow down).
 *
 * <p>512-bit vectors were not always the default. On the Zen 4 machine the kernels were first tuned on, whose FMA
 * pipes are 256 bits wide, 256-bit vectors were about as fast and left shorter tails on channel counts like 8, 24
 * and 40. A Zen 5 core has 512-bit pipes: there the 256-bit kernels reached half its peak at best, and 512-bit ones
 * ran object_detection_ssd_mobilenetv2 and hand_landmark_full about 1.4x faster. Layers with 8 channels have their
 * own 512-bit paths (two pixels per vector). Load only when {@link Vectorization#AVAILABLE}.
 */
public final class FloatSpecies {
    public static final VectorSpecies<Float> PREFERRED = choose(Integer.getInteger("jlite.simd.bits", 0));

    private FloatSpecies() {}

    private static VectorSpecies<Float> choose(int bits) {
        VectorSpecies<Float> asked = switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED;
        };
        return asked.vectorBitSize() <= FloatVector.SPECIES_PREFERRED.vectorBitSize()
                ? asked : FloatVector.SPECIES_PREFERRED;
    }
}
