package dev.livedrop.drops;

import java.util.Map;

/**
 * A rule of the domain that a request broke. The reason is stable, so the API can map it to an
 * HTTP status and a problem type; details carry numbers a client can act on (room left, retry).
 */
public class DropException extends RuntimeException {
  public enum Reason {
    NOT_FOUND,
    GONE,
    NAME_TAKEN,
    NAME_INVALID,
    NAME_RESERVED,
    INVALID,
    UNAUTHENTICATED,
    WRONG_CREDENTIALS,
    FORBIDDEN,
    TOO_MANY_ATTEMPTS,
    FILE_TOO_LARGE,
    QUOTA_EXCEEDED
  }

  private final Reason reason;
  private final Map<String, Object> details;

  public DropException(Reason reason, String message) {
    this(reason, message, Map.of());
  }

  public DropException(Reason reason, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.reason = reason;
    this.details = Map.copyOf(details);
  }

  public Reason reason() {
    return reason;
  }

  public Map<String, Object> details() {
    return details;
  }

  public static DropException invalid(String message) {
    return new DropException(Reason.INVALID, message);
  }

  public static DropException notFound(String what) {
    return new DropException(Reason.NOT_FOUND, what + " was not found.");
  }

  public static DropException forbidden(String message) {
    return new DropException(Reason.FORBIDDEN, message);
  }
}
