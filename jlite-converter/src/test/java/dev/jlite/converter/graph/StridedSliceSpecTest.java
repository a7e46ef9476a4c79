package dev.jlite.converter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** StridedSlice masks resolved as TensorFlow does (shapes as numpy indexing gives them). */
class StridedSliceSpecTest {
    static int[] shape(int[] in, long[] b, long[] e, long[] s, int bm, int em, int ell, int na, int sh) {
        return StridedSliceSpec.resolve(in, b, e, s, bm, em, ell, na, sh).outputShape;
    }

    @Test
    void numpyIndexingShapes() {
        int[] x = {2, 3, 4};
        // x[0, 1:, ::-1]
        assertThat(shape(x, new long[] {0, 1, 0}, new long[] {0, 0, 0}, new long[] {1, 1, -1}, 0b100, 0b110, 0, 0, 1))
                .containsExactly(2, 4);
        // x[..., 1]
        assertThat(shape(x, new long[] {0, 1}, new long[] {0, 2}, new long[] {1, 1}, 0, 0, 1, 0, 2))
                .containsExactly(2, 3);
        // x[:, tf.newaxis, 1:3]
        assertThat(shape(x, new long[] {0, 0, 1}, new long[] {0, 0, 3}, new long[] {1, 1, 1}, 1, 1, 0, 2, 0))
                .containsExactly(2, 1, 2, 4);
        // x[-1] and x[:-1]
        assertThat(shape(x, new long[] {-1}, new long[] {0}, new long[] {1}, 0, 0, 0, 0, 1)).containsExactly(3, 4);
        assertThat(shape(x, new long[] {0}, new long[] {-1}, new long[] {1}, 1, 0, 0, 0, 0)).containsExactly(1, 3, 4);
        // x[::2, ::-2] (out of range ends clamp)
        assertThat(shape(x, new long[] {0, 0}, new long[] {0, 0}, new long[] {2, -2}, 3, 3, 0, 0, 0))
                .containsExactly(1, 2, 4);
    }

    @Test
    void negativeStrideFullRangeEndsBeforeZero() {
        StridedSliceSpec s = StridedSliceSpec.resolve(new int[] {5}, new long[] {0}, new long[] {0}, new long[] {-1},
                1, 1, 0, 0, 0);
        assertThat(s.begin).containsExactly(4);
        assertThat(s.end).containsExactly(-1);
        assertThat(s.outputShape).containsExactly(5);
    }
}
