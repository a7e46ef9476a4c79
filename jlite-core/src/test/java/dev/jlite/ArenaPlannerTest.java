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
        // 6 and 7, no room under the peak of tensors 2 + 3; moving the tensor that lands above it to the front does.
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
        // its ADDs fold into the convolutions: largest first leaves the arena 7.5% above the peak.
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
        assertThat(livePeak(tensors)).isEqualTo(4_014_080 / 4);
        assertThat(ArenaPlanner.plan(requests(tensors))[tensors.length]).isEqualTo(livePeak(tensors));
    }

    @Test
    void faceDetectionFullRangeFitsInTheLivePeak() {
        // face_detection_full_range's activation tensors: each residual block's input (294912 elements) is read by
        // the ADD folded into the convolution that writes the next one, beside that convolution's 73728-element
        // input; every fixed order tried (by size, lifetime, first or last step, breadth, in pairs) left the arena
        // 11% above the peak, and only moving the tensors that land above it to the front reaches it.
        int[][] tensors = {
                {110592, -1, 2}, {294912, 2, 16}, {294912, 6, 9}, {73728, 9, 13}, {73728, 13, 16}, {294912, 16, 31},
                {294912, 21, 24}, {73728, 24, 28}, {73728, 28, 31}, {294912, 31, 44}, {73728, 36, 39}, {27648, 39, 43},
                {27648, 43, 47}, {73728, 44, 48}, {110592, 47, 49}, {110592, 48, 49}, {110592, 49, 63},
                {110592, 53, 56}, {27648, 56, 60}, {27648, 60, 63}, {110592, 63, 79}, {110592, 68, 71}, {36864, 71, 75},
                {36864, 75, 78}, {147456, 78, 80}, {147456, 79, 80}, {147456, 80, 326}, {36864, 84, 87},
                {13824, 87, 91}, {13824, 91, 95}, {36864, 92, 96}, {55296, 95, 97}, {55296, 96, 97}, {55296, 97, 112},
                {55296, 101, 104}, {18432, 104, 108}, {18432, 108, 111}, {73728, 111, 113}, {73728, 112, 113},
                {73728, 113, 127}, {73728, 117, 120}, {18432, 120, 124}, {18432, 124, 127}, {73728, 127, 286},
                {18432, 132, 135}, {5184, 135, 139}, {5184, 139, 143}, {18432, 140, 144}, {20736, 143, 145},
                {20736, 144, 145}, {20736, 145, 160}, {20736, 149, 152}, {6912, 152, 156}, {6912, 156, 159},
                {27648, 159, 161}, {27648, 160, 161}, {27648, 161, 176}, {27648, 165, 168}, {9216, 168, 172},
                {9216, 172, 175}, {36864, 175, 177}, {36864, 176, 177}, {36864, 177, 246}, {9216, 181, 184},
                {3456, 184, 188}, {3456, 188, 192}, {9216, 189, 193}, {13824, 192, 194}, {13824, 193, 194},
                {13824, 194, 208}, {13824, 198, 201}, {3456, 201, 205}, {3456, 205, 208}, {13824, 208, 223},
                {13824, 213, 216}, {3456, 216, 220}, {3456, 220, 223}, {13824, 223, 238}, {13824, 228, 231},
                {3456, 231, 235}, {3456, 235, 238}, {13824, 238, 243}, {3456, 243, 249}, {13824, 246, 250},
                {13824, 249, 250}, {13824, 250, 263}, {13824, 253, 256}, {6912, 256, 260}, {6912, 260, 263},
                {13824, 263, 278}, {13824, 268, 271}, {6912, 271, 275}, {6912, 275, 278}, {13824, 278, 283},
                {9216, 283, 289}, {36864, 286, 290}, {36864, 289, 290}, {36864, 290, 303}, {36864, 293, 296},
                {18432, 296, 300}, {18432, 300, 303}, {36864, 303, 318}, {36864, 308, 311}, {18432, 311, 315},
                {18432, 315, 318}, {36864, 318, 323}, {27648, 323, 329}, {110592, 326, 330}, {110592, 329, 330},
                {110592, 330, 343}, {110592, 333, 336}, {55296, 336, 340}, {55296, 340, 343}, {110592, 343, 351},
                {2304, 348, 352}, {36864, 351, 353}, {2304, 352, 354}, {36864, 353, 354}};
        assertThat(livePeak(tensors)).isEqualTo(2_654_208 / 4);
        assertThat(ArenaPlanner.plan(requests(tensors))[tensors.length]).isEqualTo(livePeak(tensors));
    }

    private static List<ArenaPlanner.Request> requests(int[][] tensors) {
        List<ArenaPlanner.Request> requests = new ArrayList<>();
        for (int i = 0; i < tensors.length; i++) {
            requests.add(new ArenaPlanner.Request(i, tensors[i][0], tensors[i][1], tensors[i][2]));
        }
        return requests;
    }

    /** The most elements (each tensor rounded up to the alignment) alive at one step. */
    private static long livePeak(int[][] tensors) {
        long peak = 0;
        for (int step = -1; step <= 400; step++) {
            long live = 0;
            for (int[] t : tensors) {
                if (t[1] <= step && step <= t[2]) {
                    live += (t[0] + ArenaPlanner.ALIGNMENT - 1) / ArenaPlanner.ALIGNMENT * ArenaPlanner.ALIGNMENT;
                }
            }
            peak = Math.max(peak, live);
        }
        return peak;
    }
}
