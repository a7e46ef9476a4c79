package dev.jlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArenaPlannerTest {
    @Test
    void tensorsAliveAtTheSameTimeNeverOverlap() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<ArenaPlanner.Request> requests = new ArrayList<>();
            int n = 1 + random.nextInt(40);
            long sumOfSizes = 0;
            for (int i = 0; i < n; i++) {
                int first = random.nextInt(30);
                int size = 1 + random.nextInt(5000);
                requests.add(new ArenaPlanner.Request(i, size, first, first + random.nextInt(6)));
                sumOfSizes += size + ArenaPlanner.ALIGNMENT;
            }
            long[] plan = ArenaPlanner.plan(requests);
            long arena = plan[n];
            for (int a = 0; a < n; a++) {
                ArenaPlanner.Request ra = requests.get(a);
                assertThat(plan[a] % ArenaPlanner.ALIGNMENT).isZero();
                assertThat(plan[a] + ra.size()).isLessThanOrEqualTo(arena);
                for (int b = a + 1; b < n; b++) {
                    ArenaPlanner.Request rb = requests.get(b);
                    boolean liveTogether = ra.first() <= rb.last() && rb.first() <= ra.last();
                    boolean overlapInMemory = plan[a] < plan[b] + rb.size() && plan[b] < plan[a] + ra.size();
                    assertThat(liveTogether && overlapInMemory).as("round %d tensors %d and %d", round, a, b)
                            .isFalse();
                }
            }
            assertThat(arena).isLessThanOrEqualTo(sumOfSizes);
        }
    }

    @Test
    void tensorsWithDisjointLifetimesShareMemory() {
        long[] plan = ArenaPlanner.plan(List.of(new ArenaPlanner.Request(0, 1000, 0, 1),
                new ArenaPlanner.Request(1, 1000, 1, 2), new ArenaPlanner.Request(2, 1000, 2, 3)));
        assertThat(plan[0]).isEqualTo(plan[2]);
        assertThat(plan[3]).isEqualTo(2000 + (ArenaPlanner.ALIGNMENT - 1000 % ArenaPlanner.ALIGNMENT)
                % ArenaPlanner.ALIGNMENT);
    }

    @Test
    void aChainWhoseLargestTensorMustNotSitAtTheBottomStillFitsInTheLivePeak() {
        // hand_landmark_full's shape: placing the largest tensor (3) at offset 0 leaves tensor 5, alive next to 4,
        // 6 and 7, no room under the peak of tensors 2 + 3; stacking the peak's tensors first does.
        int[][] chain = {{100, 2, 5}, {100, 5, 8}, {64, 8, 11}, {256, 11, 14}, {64, 14, 17}, {24, 17, 27},
                {144, 20, 23}, {144, 23, 26}};
        List<ArenaPlanner.Request> requests = new ArrayList<>();
        for (int i = 0; i < chain.length; i++) {
            requests.add(new ArenaPlanner.Request(i, chain[i][0] * ArenaPlanner.ALIGNMENT, chain[i][1], chain[i][2]));
        }
        long[] plan = ArenaPlanner.plan(requests);
        assertThat(plan[chain.length]).isEqualTo((64 + 256) * ArenaPlanner.ALIGNMENT);
    }
}
