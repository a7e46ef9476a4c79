package dev.jlite;

/**
 * Bounds a model must stay within before anything is allocated from the sizes it declares.
 *
 * @param maxTensorBytes the largest tensor, in bytes, that a file may declare or a shape may grow to
 * @param maxRank the largest number of dimensions of a tensor
 */
public record ModelLimits(long maxTensorBytes, int maxRank) {
    /** 1 GiB per tensor, rank 16. */
    public static final ModelLimits DEFAULT = new ModelLimits(1L << 30, 16);

    public ModelLimits {
        if (maxTensorBytes <= 0 || maxRank <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxTensorBytes + ", " + maxRank);
        }
    }
}
