package org.shnn.bench;

import java.util.Arrays;

/** Summary statistics of a harness's repeated measurements (one home for them in {@code bench/}). */
public final class Stats {

    private Stats() {
    }

    /** The median of {@code v} (the mean of the middle two for an even count); {@code v} is not changed. */
    public static double median(double[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
