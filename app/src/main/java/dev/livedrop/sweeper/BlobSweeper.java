package dev.livedrop.sweeper;

import dev.livedrop.drops.DropStore;
import dev.livedrop.media.Thumbnailer;
import dev.livedrop.storage.blob.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes content nothing refers to any more. Candidates are hashes that lost a reference (an
 * asset or a drop deleted, an upload that failed after its content was put in place); a full scan
 * at start catches what a crash left behind. Content committed within the grace period is kept,
 * because an upload of the same bytes may be about to refer to it.
 */
public final class BlobSweeper {
  private static final Logger log = LoggerFactory.getLogger(BlobSweeper.class);
  private final DropStore store;
  private final BlobStore blobs;
  private final Clock clock;
  private final Duration grace;

  public BlobSweeper(DropStore store, BlobStore blobs, Clock clock, Duration grace) {
    this.store = store;
    this.blobs = blobs;
    this.clock = clock;
    this.grace = grace;
  }

  public void markCandidates(List<String> sha256s) {
    store.inTransaction(tx -> {
      sha256s.forEach(tx::markBlobGcCandidate);
      return null;
    });
  }

  /** One pass over the candidates; returns how many blobs were deleted. */
  public int sweepCandidates() {
    int deleted = 0;
    Instant cutoff = clock.instant().minus(grace);
    for (String sha : store.blobGcCandidates(500)) {
      try {
        if (store.blobReferenced(sha)) {
          store.forgetBlobGcCandidate(sha);
        } else if (blobs.deleteIfUnused(sha, cutoff, () -> !store.blobReferenced(sha))) {
          removeThumbnails(sha);
          store.forgetBlobGcCandidate(sha);
          deleted++;
        } else if (!blobs.exists(sha)) {
          store.forgetBlobGcCandidate(sha);
        }
        // else: too fresh; the next pass looks again.
      } catch (IOException e) {
        log.warn("could not delete blob {}", sha, e);
      }
    }
    return deleted;
  }

  /** Walks every stored blob and deletes the unreferenced ones; run at start. */
  public int fullScan() throws IOException {
    Instant cutoff = clock.instant().minus(grace);
    int[] deleted = {0};
    blobs.forEachBlob(sha -> {
      try {
        if (!store.blobReferenced(sha) && blobs.deleteIfUnused(sha, cutoff, () -> !store.blobReferenced(sha))) {
          removeThumbnails(sha);
          deleted[0]++;
        }
      } catch (IOException e) {
        log.warn("could not delete blob {}", sha, e);
      }
    });
    return deleted[0];
  }

  private void removeThumbnails(String sha) throws IOException {
    blobs.deleteDerived(Thumbnailer.key(sha, "png"));
    blobs.deleteDerived(Thumbnailer.key(sha, "jpg"));
  }
}
