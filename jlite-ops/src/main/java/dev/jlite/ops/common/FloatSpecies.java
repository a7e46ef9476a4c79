package dev.jlite.ops.common;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float vector species every SIMD kernel uses: 256-bit where the hardware has at least that. It must be
 * one species for the whole JVM: once C2's profiles see two vector classes in the Vector API's shared code, it
 * stops eliminating vector boxes and every kernel slows down several times (measured here: a model 4x slower with
 * 512-bit convolutions next to 256-bit elementwise loops). On AVX-512 machines 256-bit vectors are about as fast
 * for these memory-bound loops and leave shorter tails on typical channel counts (8, 24, 40, ...). Load only when
 * {@link Vectorization#AVAILABLE}.
 */
public final class FloatSpecies {
    public static final VectorSpecies<Float> PREFERRED = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;

    private FloatSpecies() {}
}
