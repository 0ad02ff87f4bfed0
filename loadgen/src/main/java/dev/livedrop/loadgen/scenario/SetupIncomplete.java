package dev.livedrop.loadgen.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scenario's set-up (logins, joins) did not finish by the run's deadline: what it got to, so
 * that a server which cannot take the load is reported as such instead of holding the whole
 * benchmark (Prosody's joins into one room of 5,000 run for tens of minutes) or being left out.
 */
public final class SetupIncomplete extends Exception {
  private final String phase;
  private final long done;
  private final long of;
  private final double afterSeconds;

  SetupIncomplete(String phase, long done, long of, double afterSeconds) {
    super(String.format("%s: %,d of %,d after %.0f s", phase, done, of, afterSeconds));
    this.phase = phase;
    this.done = done;
    this.of = of;
    this.afterSeconds = afterSeconds;
  }

  /** The figures of a run that measured nothing: which phase stopped where. */
  public Map<String, Object> figures() {
    var m = new LinkedHashMap<String, Object>();
    m.put("phase", phase);
    m.put("done", done);
    m.put("of", of);
    m.put("after_s", Math.round(afterSeconds));
    return m;
  }
}
