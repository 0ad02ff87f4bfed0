package dev.livedrop.config;

import dev.livedrop.drops.Expiry;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/** Parses environment variables with defaults; a malformed value stops the start with its name. */
final class EnvReader {
  private final Map<String, String> env;

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  String string(String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  int integer(String name, int fallback) {
    String v = string(name, null);
    if (v == null) return fallback;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid(name, v, "an integer");
    }
  }

  int integerIn(String name, int fallback, int min, int max) {
    int n = integer(name, fallback);
    if (n < min || n > max) throw invalid(name, string(name, ""), "a whole number from " + min + " to " + max);
    return n;
  }

  int positiveInteger(String name, int fallback) {
    int n = integer(name, fallback);
    if (n < 1) throw invalid(name, string(name, ""), "a whole number of at least 1");
    return n;
  }

  /** A value in a format of its own; {@code parse} throws IllegalArgumentException on a bad one. */
  <T> T parsed(String name, T fallback, java.util.function.Function<String, T> parse, String expected) {
    String v = string(name, null);
    if (v == null) return fallback;
    try {
      return parse.apply(v);
    } catch (IllegalArgumentException e) {
      throw invalid(name, v, expected);
    }
  }

  /** Sizes accept a plain byte count or a number with K, M, G or T (binary units), e.g. {@code 512M}. */
  long size(String name, long fallback) {
    String v = string(name, null);
    if (v == null) return fallback;
    try {
      return parseSize(v);
    } catch (IllegalArgumentException e) {
      throw invalid(name, v, "a size such as 1048576, 512M or 2G");
    }
  }

  static long parseSize(String v) {
    String s = v.toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long unit = 1;
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    switch (last) {
      case 'K' -> unit = LivedropConfig.KIB;
      case 'M' -> unit = LivedropConfig.MIB;
      case 'G' -> unit = LivedropConfig.GIB;
      case 'T' -> unit = 1024 * LivedropConfig.GIB;
      default -> { }
    }
    if (unit != 1) s = s.substring(0, s.length() - 1);
    long n = Long.parseLong(s.trim());
    if (n < 0) throw new IllegalArgumentException("negative");
    return Math.multiplyExact(n, unit);
  }

  /** Durations accept ISO-8601 ({@code PT30S}) or a number with s, m, h or d ({@code 30s}). */
  Duration duration(String name, Duration fallback) {
    String v = string(name, null);
    if (v == null) return fallback;
    try {
      if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v);
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (Character.toLowerCase(v.charAt(v.length() - 1))) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw invalid(name, v, "a duration such as 30s, 5m, 2h, 7d or PT30S");
    }
  }

  String choice(String name, String fallback, java.util.List<String> allowed) {
    String v = string(name, fallback).toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) throw invalid(name, v, "one of " + allowed);
    return v;
  }

  boolean bool(String name, boolean fallback) {
    String v = string(name, null);
    if (v == null) return fallback;
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw invalid(name, v, "true or false");
    };
  }

  /** A comma-separated list; empty when unset. */
  java.util.List<String> list(String name) {
    String v = string(name, null);
    if (v == null) return java.util.List.of();
    return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  Expiry expiry(String name, Expiry fallback) {
    String v = string(name, null);
    if (v == null) return fallback;
    return Expiry.parse(v).orElseThrow(() -> invalid(name, v, "one of " + Expiry.codes()));
  }

  private static IllegalArgumentException invalid(String name, String value, String expected) {
    return new IllegalArgumentException(name + "=" + value + " is not valid: expected " + expected);
  }
}
