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

    @Test
    void handLandmarkFullWithItsAddsFoldedFitsInTheLivePeak() {
        // hand_landmark_full's activation tensors (elements, first and last step) as the interpreter plans them once
        // its ADDs fold into the convolutions: the other orders left the arena 5% above the peak; placing the
        // longest-lived tensors first reaches it.
        int[][] tensors = {{150528, -1, 2}, {301056, 2, 5}, {301056, 5, 8}, {200704, 8, 11}, {802816, 11, 14},
                {200704, 14, 17}, {75264, 17, 26}, {451584, 20, 23}, {451584, 23, 26}, {75264, 26, 30},
                {451584, 30, 33}, {112896, 33, 36}, {31360, 36, 45}, {188160, 39, 42}, {188160, 42, 45},
                {31360, 45, 49}, {188160, 49, 52}, {47040, 52, 55}, {15680, 55, 64}, {94080, 58, 61},
                {94080, 61, 64}, {15680, 64, 74}, {94080, 68, 71}, {94080, 71, 74}, {15680, 74, 78}, {94080, 78, 81},
                {94080, 81, 84}, {21952, 84, 93}, {131712, 87, 90}, {131712, 90, 93}, {21952, 93, 103},
                {131712, 97, 100}, {131712, 100, 103}, {21952, 103, 107}, {131712, 107, 110}, {32928, 110, 113},
                {9408, 113, 122}, {56448, 116, 119}, {56448, 119, 122}, {9408, 122, 132}, {56448, 126, 129},
                {56448, 129, 132}, {9408, 132, 142}, {56448, 136, 139}, {56448, 139, 142}, {9408, 142, 146},
                {56448, 146, 149}, {56448, 149, 150}, {1152, 150, 164}, {1, 153, 154}, {1, 154, 165}, {1, 157, 158},
                {1, 158, 165}, {63, 161, 165}, {63, 164, 165}};
        List<ArenaPlanner.Request> requests = new ArrayList<>();
        long peak = 0;
        for (int i = 0; i < tensors.length; i++) {
            requests.add(new ArenaPlanner.Request(i, tensors[i][0], tensors[i][1], tensors[i][2]));
        }
        for (int step = 0; step <= 200; step++) {
            long live = 0;
            for (int[] t : tensors) {
                if (t[1] <= step && step <= t[2]) {
                    live += (t[0] + ArenaPlanner.ALIGNMENT - 1) / ArenaPlanner.ALIGNMENT * ArenaPlanner.ALIGNMENT;
                }
            }
            peak = Math.max(peak, live);
        }
        long[] plan = ArenaPlanner.plan(requests);
        assertThat(peak).isEqualTo(4_014_080 / 4);
        assertThat(plan[tensors.length]).isEqualTo(peak);
    }
}
