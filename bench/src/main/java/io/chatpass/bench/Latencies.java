package io.chatpass.bench;

import java.util.Arrays;

/** Latency samples of one measurement (nanoseconds), bounded in memory. */
public final class Latencies {
    private final long[] samples;
    private int count;
    private long total;

    public Latencies(int capacity) {
        samples = new long[capacity];
    }

    public void add(long nanos) {
        total++;
        if (count < samples.length) samples[count++] = nanos;
    }

    public long operations() {
        return total;
    }

    public static Latencies merge(Latencies... parts) {
        int n = 0;
        long total = 0;
        for (Latencies p : parts) {
            n += p.count;
            total += p.total;
        }
        Latencies all = new Latencies(n);
        for (Latencies p : parts) {
            System.arraycopy(p.samples, 0, all.samples, all.count, p.count);
            all.count += p.count;
        }
        all.total = total;
        Arrays.sort(all.samples, 0, all.count);
        return all;
    }

    /** The q-quantile in milliseconds (after merge, which sorts). */
    public double quantileMillis(double q) {
        if (count == 0) return Double.NaN;
        return samples[Math.min(count - 1, (int) Math.ceil(q * count) - 1)] / 1e6;
    }
}
