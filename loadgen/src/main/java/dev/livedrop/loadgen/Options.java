package dev.livedrop.loadgen;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --name value} command-line options, with typed getters and defaults. A value of the wrong
 * shape is a {@link BadOption} naming the option, so the run stops with a usage error, not a trace.
 */
public final class Options {
  /** An option that is missing its shape: the message says which and what was expected. */
  public static final class BadOption extends IllegalArgumentException {
    public BadOption(String message) {
      super(message);
    }
  }

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
    return typed(key, def, "a whole number", v -> Integer.parseInt(v.replace("_", "")));
  }

  public double number(String key, double def) {
    return typed(key, def, "a number", Double::parseDouble);
  }

  public long longValue(String key, long def) {
    return typed(key, def, "a whole number", Long::parseLong);
  }

  /** {@code 30s}, {@code 2m}, {@code 500ms}. */
  public Duration duration(String key, Duration def) {
    return typed(key, def, "a duration such as 30s, 2m or 500ms", v -> {
      if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      if (v.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      if (v.endsWith("m")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
      return Duration.ofSeconds(Long.parseLong(v));
    });
  }

  /** {@code host:port}. */
  public String[] hostPort(String key, String def) {
    return typed(key, def.split(":"), "host:port", v -> {
      int colon = v.lastIndexOf(':');
      if (colon <= 0) throw new NumberFormatException(v);
      Integer.parseInt(v.substring(colon + 1));
      return new String[] {v.substring(0, colon), v.substring(colon + 1)};
    });
  }

  /** One of {@code allowed}. */
  public String choice(String key, String def, String... allowed) {
    String v = values.getOrDefault(key, def);
    if (!List.of(allowed).contains(v)) {
      throw new BadOption("--" + key + " '" + v + "' is not one of " + String.join(", ", allowed));
    }
    return v;
  }

  private <T> T typed(String key, T def, String expected, Function<String, T> parse) {
    String v = values.get(key);
    if (v == null) return def;
    try {
      return parse.apply(v);
    } catch (NumberFormatException e) {
      throw new BadOption("--" + key + " '" + v + "' is not " + expected);
    }
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }
}
