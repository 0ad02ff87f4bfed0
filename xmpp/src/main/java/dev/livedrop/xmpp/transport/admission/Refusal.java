package dev.livedrop.xmpp.transport.admission;

/** Why a new connection was closed at once. */
public enum Refusal {
  /** Its address already holds {@link ConnectionLimits#maxPerAddress()} connections. */
  PER_ADDRESS("per-address"),
  /** The process is within {@link ConnectionLimits#fdReserve()} of its open-files limit. */
  FILE_LIMIT("open-files");

  private final String tag;

  Refusal(String tag) {
    this.tag = tag;
  }

  /** The value of the {@code reason} tag on the refused-connections metric. */
  public String tag() {
    return tag;
  }
}
