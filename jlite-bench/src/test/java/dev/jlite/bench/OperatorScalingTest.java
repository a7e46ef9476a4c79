package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OperatorScaling's grouping of two operator profiles: on more than one thread a depthwise layer runs the 1x1
 * convolution after it piece by piece, so that convolution is missing from the multi-thread profile and its 1-thread
 * time belongs to the depthwise layer's line.
 */
class OperatorScalingTest {
    @Test
    void operatorsMissingOnMoreThreadsFoldIntoTheOneBefore() {
        // 1 thread: ops 0, 2, 3, 5, 6 at 1, 2, 3, 4, 5 ms (10 runs each). 2 threads: ops 0, 2, 5 (3 and 6 run inside
        // 2 and 5) at 0.5, 4 and 3 ms.
        Map<Integer, long[]> one = Map.of(0, new long[] {10_000_000, 10}, 2, new long[] {20_000_000, 10},
                3, new long[] {30_000_000, 10}, 5, new long[] {40_000_000, 10}, 6, new long[] {50_000_000, 10});
        Map<Integer, long[]> two = Map.of(0, new long[] {5_000_000, 10}, 2, new long[] {40_000_000, 10},
                5, new long[] {30_000_000, 10});

        List<OperatorScaling.Group> groups = OperatorScaling.groups(one, two);

        assertThat(groups).extracting(OperatorScaling.Group::node).containsExactly(0, 2, 5);
        assertThat(groups).extracting(OperatorScaling.Group::folded).containsExactly(0, 1, 1);
        assertThat(groups.get(1).oneMs()).isCloseTo(5.0, within(1e-9));
        assertThat(groups.get(1).manyMs()).isCloseTo(4.0, within(1e-9));
        assertThat(groups.get(2).oneMs()).isCloseTo(9.0, within(1e-9));
        // 3 ms against 9 / 1.8 = 5: 2 ms under the target.
        assertThat(groups.get(2).over(1.8)).isCloseTo(-2.0, within(1e-9));
    }

    @Test
    void anOperatorBeforeAnyInTheMultiThreadProfileIsDropped() {
        Map<Integer, long[]> one = Map.of(0, new long[] {10_000_000, 10}, 1, new long[] {20_000_000, 10});
        Map<Integer, long[]> two = Map.of(1, new long[] {10_000_000, 10});

        List<OperatorScaling.Group> groups = OperatorScaling.groups(one, two);

        assertThat(groups).extracting(OperatorScaling.Group::node).containsExactly(1);
        assertThat(groups.get(0).oneMs()).isCloseTo(2.0, within(1e-9));
    }
}
