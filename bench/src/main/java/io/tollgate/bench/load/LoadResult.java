package io.tollgate.bench.load;

import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one open-loop run measured.
 *
 * @param latency      nanoseconds from the intended send time to the whole response, recorded requests only
 * @param overhead     microseconds, from {@code x-tollgate-overhead-ms} (empty for targets that do not send it)
 * @param maxSendLagNanos how late the generator itself sent its latest request: a large value means the generator (or
 *                     the machine) could not keep the schedule, and latency includes that wait
 */
public record LoadResult(String target, String mix, double rate, double seconds, long ok, long errors,
        Map<String, Long> cacheHeaders, Map<String, Long> errorKinds, Histogram latency, Histogram overhead,
        long maxSendLagNanos) {

    public double throughput() {
        return (ok + errors) / seconds;
    }

    public double latencyMs(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    /** Latency minus a fixed provider delay: what everything between the client and the provider added. */
    public double beyondDelayMs(double percentile, double providerDelayMs) {
        return latencyMs(percentile) - providerDelayMs;
    }

    public double overheadMs(double percentile) {
        return overhead.getTotalCount() == 0 ? Double.NaN : overhead.getValueAtPercentile(percentile) / 1e3;
    }

    public String describe() {
        return String.format(Locale.ROOT, """
                %s at %.0f/s (%s), measured %.1fs: %d ok, %d errors %s, throughput %.1f/s, max send lag %.2f ms
                  cache headers %s
                  latency ms (from intended send)  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f
                  x-tollgate-overhead-ms           p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f""",
                target, rate, mix, seconds, ok, errors, errorKinds, throughput(), maxSendLagNanos / 1e6, cacheHeaders,
                latencyMs(50), latencyMs(90), latencyMs(99), latencyMs(99.9), latencyMs(100),
                overheadMs(50), overheadMs(90), overheadMs(99), overheadMs(99.9), overheadMs(100));
    }
}
