package dev.jlite.tasks.processing;

/**
 * A float tensor's data where it lives: {@code size} values from {@code array[offset]}. Views of interpreter tensors
 * are valid until the next run.
 */
public record TensorView(float[] array, int offset, int size) {

    public TensorView {
        if (offset < 0 || size < 0 || array.length - offset < size) {
            throw new IllegalArgumentException(size + " values from " + offset + " do not fit " + array.length);
        }
    }

    /** A view of a whole array. */
    public static TensorView of(float[] array) {
        return new TensorView(array, 0, array.length);
    }

    /** Value {@code i} of the tensor. */
    public float get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " outside " + size + " values");
        }
        return array[offset + i];
    }
}
