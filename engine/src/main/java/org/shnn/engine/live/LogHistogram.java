package org.shnn.engine.live;

/**
 * Counts of non-negative values (nanoseconds) in logarithmic buckets with linear sub-buckets, after
 * HdrHistogram (Gil Tene): values below 64 are counted exactly; above, each power of two is split into 32
 * buckets, so a bucket's width is at most 1/32 of its values (3 % precision) over the whole range of
 * {@code long}, in 1,888 counters. Recording is one bit scan and one increment, with no allocation, so it can
 * sit in the step loop.
 *
 * <p>Thread-safety: none; one thread records (the worker that paces), others read after it is done (the end
 * of a run orders them).
 */
public final class LogHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (63 - SUB_BITS) * SUB + SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;
    private double sum;

    /** The bucket of value {@code v} (>= 0). */
    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        return (shift + 1) * SUB + (int) ((v >>> shift) - SUB);
    }

    /** The largest value counted in bucket {@code i}. */
    static long highest(int i) {
        if (i < 2 * SUB) {
            return i;
        }
        int shift = i / SUB - 1;
        long low = (long) (i % SUB + SUB) << shift;
        return low + (1L << shift) - 1;
    }

    /** Counts {@code value} (negative values count as 0). */
    public void record(long value) {
        long v = Math.max(0, value);
        counts[index(v)]++;
        total++;
        sum += v;
        max = Math.max(max, v);
    }

    /** Values counted. */
    public long count() {
        return total;
    }

    /** The largest value counted (exact), 0 if none. */
    public long max() {
        return max;
    }

    /** The mean of the values counted (exact), 0 if none. */
    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /**
     * The value at quantile {@code q} in [0, 1]: the upper end of the bucket holding the {@code ceil(q * count)}-th
     * smallest value (at most 3 % above it, never below; and never above {@link #max()}), 0 if none.
     */
    public long quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " must be in [0, 1]");
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highest(i), max);
            }
        }
        return max;
    }

    /** Adds {@code other}'s counts to this one's. */
    public void add(LogHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    /**
     * The non-empty buckets as {@code [highest value, count]} pairs in ascending order (for a JSON summary).
     */
    public long[][] buckets() {
        int n = 0;
        for (long c : counts) {
            n += c != 0 ? 1 : 0;
        }
        long[][] out = new long[n][];
        for (int i = 0, k = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                out[k++] = new long[] {highest(i), counts[i]};
            }
        }
        return out;
    }
}
