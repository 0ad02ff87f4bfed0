package dev.livedrop.cluster;

/**
 * Jobs that must run on one node at a time however many share the database: the sweeper (expired
 * drops, expiry warnings, blob GC) and the thumbnail backlog. A node asks before each run; the
 * first to ask holds the job until it stops or loses the database, then the next to ask takes it
 * over (decision 0017). With a database of its own, a node holds every job.
 */
public interface Leases extends AutoCloseable {
  /** Expired drops, expiry warnings and unreferenced content. */
  String SWEEPER = "sweeper";
  /** Files whose thumbnail was never made (the node making it stopped). */
  String THUMBNAIL_BACKLOG = "thumbnail-backlog";

  /** Whether this node may run the job now: it holds the job, or has just taken it. */
  boolean acquire(String job);

  /** Whether this node holds the job now, without trying to take it. */
  boolean held(String job);

  @Override
  void close();

  /** One node alone: every job is its own. */
  static Leases alone() {
    return new Leases() {
      @Override
      public boolean acquire(String job) {
        return true;
      }

      @Override
      public boolean held(String job) {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
