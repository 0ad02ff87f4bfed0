package dev.livedrop.loadgen.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Every error and disconnection, counted by reason: printed in full, never hidden. */
public final class Failures {
  private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

  public void add(String what, String reason) {
    String key = what + ": " + (reason == null ? "unknown" : reason.length() > 160 ? reason.substring(0, 160) : reason);
    byReason.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  public long total() {
    return byReason.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public Map<String, Long> snapshot() {
    var m = new TreeMap<String, Long>();
    byReason.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
