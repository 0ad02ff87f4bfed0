package dev.livedrop.loadgen.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds, recorded from any thread, up to a minute with 3 significant digits. */
public final class Latency {
  private final Histogram histogram = new ConcurrentHistogram(60_000_000L, 3);

  public void recordNanos(long nanos) {
    histogram.recordValue(Math.max(0, Math.min(nanos / 1000, 60_000_000L)));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** p50, p99, p999 and max in milliseconds. */
  public Map<String, Double> summary() {
    var m = new LinkedHashMap<String, Double>();
    m.put("count", (double) histogram.getTotalCount());
    m.put("p50_ms", ms(histogram.getValueAtPercentile(50)));
    m.put("p99_ms", ms(histogram.getValueAtPercentile(99)));
    m.put("p999_ms", ms(histogram.getValueAtPercentile(99.9)));
    m.put("max_ms", ms(histogram.getMaxValue()));
    return m;
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
