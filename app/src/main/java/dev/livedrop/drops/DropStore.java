package dev.livedrop.drops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where drops, assets, comments and their change log are kept. Reads outside a transaction see
 * the last committed state; every write goes through {@link #inTransaction}, so a change and the
 * record of it commit together or not at all. Implemented for SQLite (embedded) with portable SQL
 * meant for PostgreSQL too.
 */
public interface DropStore {

  Optional<StoredDrop> findDrop(String name);

  List<Asset> assets(String drop);

  Optional<Asset> asset(String drop, String id);

  List<Comment> comments(String drop, String assetId);

  /** Drops whose expiry has passed, oldest first. */
  List<String> expiredDrops(Instant now, int limit);

  /** Content hashes that lost a reference and may now be unreferenced. */
  List<String> blobGcCandidates(int limit);

  boolean blobReferenced(String sha256);

  void forgetBlobGcCandidate(String sha256);

  /** Image files still waiting for their thumbnail (after a restart, say). */
  List<Asset> assetsAwaitingThumbnail(Instant addedBefore, int limit);

  /** Every drop not yet expired (the realtime layer opens their rooms at start). */
  List<StoredDrop> liveDrops(Instant now);

  /** Drops about to expire whose viewers have not been warned yet (see the SQL for "about to"). */
  List<String> dropsNearExpiry(Instant now, Duration window, int limit);

  <T> T inTransaction(Function<Tx, T> work);

  /** The writes, all inside one transaction. */
  interface Tx {
    Optional<StoredDrop> findDrop(String name);

    boolean dropExists(String name);

    void insertDrop(StoredDrop drop);

    void updateDrop(StoredDrop drop);

    /** Deletes the drop with its assets and comments; its change log stays, still to be published. Returns its files' hashes. */
    List<String> deleteDrop(String name);

    Optional<Asset> asset(String drop, String id);

    /**
     * The bytes the drop's files take; the drop is locked against other writers until commit, so
     * a quota checked against this holds for what the transaction then adds, on any node.
     */
    long usedBytes(String drop);

    void insertAsset(Asset asset);

    void updateAsset(Asset asset);

    void deleteAsset(String drop, String id);

    /** File assets, in every drop, whose content has this hash. */
    List<Asset> assetsWithContent(String sha256);

    Optional<Comment> comment(String drop, String assetId, String id);

    void insertComment(Comment comment);

    void deleteComment(String drop, String id);

    /** Appends a change to the drop's log with the next sequence number, which it returns. */
    long recordChange(String drop, ChangeType type, Instant at, Object payload);

    /** Records that the drop's viewers were told it is about to expire, so they are told once. */
    void markExpiryWarned(String drop, Instant at);

    /** Marks content whose last reference may have gone, for the sweeper to check. */
    void markBlobGcCandidate(String sha256);
  }
}
