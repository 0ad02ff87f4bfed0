package dev.livedrop.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of RFC 9110 §14.1.2. A request for several ranges is served whole (the RFC
 * allows ignoring Range), since every real client asks for one range at a time.
 */
public record ByteRange(long start, long end) {
  private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

  public long length() {
    return end - start + 1;
  }

  /** What a Range header asks of a representation of {@code size} bytes. */
  public sealed interface Request {
    /** Serve the whole thing (no header, or one we ignore). */
    record Whole() implements Request {}

    record Partial(ByteRange range) implements Request {}

    /** The range lies past the end: 416. */
    record Unsatisfiable() implements Request {}
  }

  public static Request parse(String header, long size) {
    if (header == null) return new Request.Whole();
    Matcher m = SINGLE.matcher(header);
    if (!m.matches()) return new Request.Whole();
    String first = m.group(1);
    String last = m.group(2);
    try {
      if (first.isEmpty()) {
        if (last.isEmpty()) return new Request.Whole();
        long suffix = Long.parseLong(last);
        if (suffix == 0) return new Request.Unsatisfiable();
        return size == 0 ? new Request.Unsatisfiable()
            : new Request.Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long start = Long.parseLong(first);
      long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
      if (!last.isEmpty() && Long.parseLong(last) < start) return new Request.Whole();
      if (start >= size) return new Request.Unsatisfiable();
      return new Request.Partial(new ByteRange(start, end));
    } catch (NumberFormatException e) {
      return new Request.Whole();
    }
  }

  public static Optional<ByteRange> of(Request r) {
    return r instanceof Request.Partial p ? Optional.of(p.range()) : Optional.empty();
  }
}
