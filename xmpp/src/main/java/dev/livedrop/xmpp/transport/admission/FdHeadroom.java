package dev.livedrop.xmpp.transport.admission;

/**
 * Whether the process is within its reserve of the open-files limit, without counting
 * /proc/self/fd on every accept: the count is sampled now and then (on a worker), and the
 * connections admitted and closed since are added exactly, since they are the files that come and
 * go by the thousand. Other files (uploads, SQLite, downloads) move between samples unseen; the
 * reserve is there for them.
 */
final class FdHeadroom {
  private record Sample(long open, long liveConnections, long threshold) {}

  private final OpenFiles files;
  private final FdReserve reserve;
  private volatile Sample last;

  FdHeadroom(OpenFiles files, FdReserve reserve) {
    this.files = files;
    this.reserve = reserve;
  }

  /**
   * Counts the open files now. {@code liveConnections} is read just before, so a connection
   * admitted during the count is counted twice until the next sample: the error errs towards refusing.
   */
  void sample(long liveConnections) {
    long max = files.max();
    long open = files.open();
    last = max <= 0 || open < 0 ? null : new Sample(open, liveConnections, max - reserve.of(max));
  }

  /** Whether a new connection would eat into the reserve, given the connections open now. */
  boolean exhausted(long liveConnections) {
    Sample s = last;
    return s != null && s.open + (liveConnections - s.liveConnections) >= s.threshold;
  }

  /** The open files estimated now and the level from which new connections are refused, for logs. */
  String describe(long liveConnections) {
    Sample s = last;
    return s == null ? "unknown" : (s.open + liveConnections - s.liveConnections) + " open files, refusing from " + s.threshold;
  }
}
