package dev.jlite.cli;

import java.util.Arrays;

/**
 * Summary of a set of run times, in milliseconds. The median of an even count is the mean of the two middle
 * values; p90 is the nearest-rank percentile (the smallest time that at least 90% of the runs did not exceed).
 */
record LatencyStats(int runs, double medianMs, double meanMs, double minMs, double maxMs, double p90Ms) {
    static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no runs");
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        double sum = 0;
        for (long v : s) {
            sum += v;
        }
        int p90Rank = (int) Math.ceil(0.9 * n);
        return new LatencyStats(n, ms(median), ms(sum / n), ms(s[0]), ms(s[n - 1]), ms(s[p90Rank - 1]));
    }

    static double ms(double nanos) {
        return nanos / 1e6;
    }
}
