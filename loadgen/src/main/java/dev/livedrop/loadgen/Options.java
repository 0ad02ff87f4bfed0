package dev.livedrop.loadgen;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options, with typed getters and defaults. */
public final class Options {
  private final Map<String, String> values = new HashMap<>();
  public final String scenario;

  public Options(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) throw new IllegalArgumentException("first argument: the scenario");
    scenario = args[0];
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option, got " + args[i]);
      String key = args[i].substring(2);
      String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
      values.put(key, value);
    }
  }

  public String string(String key, String def) {
    return values.getOrDefault(key, def);
  }

  public int integer(String key, int def) {
    return values.containsKey(key) ? Integer.parseInt(values.get(key).replace("_", "")) : def;
  }

  public double number(String key, double def) {
    return values.containsKey(key) ? Double.parseDouble(values.get(key)) : def;
  }

  public long longValue(String key, long def) {
    return values.containsKey(key) ? Long.parseLong(values.get(key)) : def;
  }

  /** {@code 30s}, {@code 2m}, {@code 500ms}. */
  public Duration duration(String key, Duration def) {
    String v = values.get(key);
    if (v == null) return def;
    if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    if (v.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
    if (v.endsWith("m")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
    return Duration.ofSeconds(Long.parseLong(v));
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }
}
