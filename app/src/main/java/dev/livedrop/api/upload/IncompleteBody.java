package dev.livedrop.api.upload;

/**
 * A file's bytes stopped before their end: the connection closed, the request's framing broke
 * (a malformed chunk), or a multipart part never reached its boundary. The client's fault, not
 * the disk's; the route answers it as {@code incomplete-upload} where it still can.
 */
public final class IncompleteBody extends RuntimeException {
  public IncompleteBody(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** {@code cause} as an incomplete body, unless it already is one. */
  static IncompleteBody of(Throwable cause) {
    return cause instanceof IncompleteBody ib ? ib
        : new IncompleteBody("The request body broke off before its end (" + cause.getClass().getSimpleName() + ").", cause);
  }
}
