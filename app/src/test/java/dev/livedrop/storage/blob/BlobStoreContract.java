package dev.livedrop.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} promises, run against each implementation by a subclass that
 * supplies a fresh store (a disk under a temp dir, a bucket on a real S3 server).
 */
abstract class BlobStoreContract {
  /** The store under test; its multipart threshold (where it has one) is {@link #PART_SIZE}. */
  abstract BlobStore store();

  static final int PART_SIZE = 5 << 20;

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  Path staged(byte[] content) throws IOException {
    Path p = store().newStagingFile();
    Files.write(p, content);
    return p;
  }

  byte[] read(String sha) throws IOException {
    try (InputStream in = store().open(sha)) {
      return in.readAllBytes();
    }
  }

  byte[] read(String sha, long offset, long length) throws IOException {
    try (InputStream in = store().open(sha, offset, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void newContentIsCommittedUnderItsHashAndTheStagedFileIsGone() throws Exception {
    byte[] content = random(10_000, 1);
    String sha = sha256(content);
    Path p = staged(content);
    assertThat(store().commit(p, sha)).isTrue();
    assertThat(p).doesNotExist();
    assertThat(store().exists(sha)).isTrue();
    assertThat(read(sha)).isEqualTo(content);
  }

  @Test
  void committingStoredContentAgainKeepsTheStoredCopyAndDropsTheStagedOne() throws Exception {
    byte[] content = random(5_000, 2);
    String sha = sha256(content);
    store().commit(staged(content), sha);
    Path again = staged(content);
    assertThat(store().commit(again, sha)).isFalse();
    assertThat(again).doesNotExist();
    assertThat(read(sha)).isEqualTo(content);
  }

  @Test
  void concurrentCommitsOfTheSameContentStoreItOnce() throws Exception {
    byte[] content = random(200_000, 3);
    String sha = sha256(content);
    var pool = Executors.newFixedThreadPool(8);
    try {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < 8; i++) files.add(staged(content));
      List<Future<Boolean>> results = new ArrayList<>();
      for (Path f : files) results.add(pool.submit((Callable<Boolean>) () -> store().commit(f, sha)));
      int created = 0;
      for (var r : results) if (r.get()) created++;
      assertThat(created).isEqualTo(1);
      assertThat(files).allSatisfy(f -> assertThat(f).doesNotExist());
      assertThat(read(sha)).isEqualTo(content);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deleteIfUnusedKeepsFreshOrReferencedContentAndDeletesTheRest() throws Exception {
    byte[] content = random(1_000, 4);
    String sha = sha256(content);
    store().commit(staged(content), sha);
    Instant later = Instant.now().plusSeconds(60);
    assertThat(store().deleteIfUnused(sha, Instant.now().minusSeconds(3600), () -> true)).as("inside the grace").isFalse();
    assertThat(store().deleteIfUnused(sha, later, () -> false)).as("still referenced").isFalse();
    assertThat(store().exists(sha)).isTrue();
    assertThat(store().deleteIfUnused(sha, later, () -> true)).isTrue();
    assertThat(store().exists(sha)).isFalse();
    assertThat(store().deleteIfUnused(sha, later, () -> true)).as("already gone").isFalse();
  }

  @Test
  void committingAgainRenewsTheGracePeriod() throws Exception {
    byte[] once = random(1_000, 5);
    byte[] twice = random(1_000, 6);
    store().commit(staged(once), sha256(once));
    store().commit(staged(twice), sha256(twice));
    // Stores may keep times to the second (S3's Last-Modified): step well clear of both commits.
    Thread.sleep(1_100);
    Instant cutoff = Instant.now();
    Thread.sleep(1_100);
    store().commit(staged(twice), sha256(twice));
    assertThat(store().deleteIfUnused(sha256(twice), cutoff, () -> true)).as("committed again after the cutoff").isFalse();
    assertThat(store().deleteIfUnused(sha256(once), cutoff, () -> true)).as("last committed before it").isTrue();
  }

  @Test
  void aRangeReadsExactlyThoseBytes() throws Exception {
    byte[] content = random(100_000, 7);
    String sha = sha256(content);
    store().commit(staged(content), sha);
    assertThat(read(sha, 10, 20)).isEqualTo(Arrays.copyOfRange(content, 10, 30));
    assertThat(read(sha, 99_995, 5)).isEqualTo(Arrays.copyOfRange(content, 99_995, 100_000));
    assertThat(read(sha, 0, 100_000)).isEqualTo(content);
    assertThat(read(sha, 500, 0)).isEmpty();
  }

  @Test
  void missingContentCannotBeOpened() {
    String sha = "0".repeat(64);
    assertThatThrownBy(() -> store().open(sha).close()).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store().open(sha, 0, 10).close()).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void derivedFilesArePutReadAndDeletedByKey() throws Exception {
    String key = "thumb/" + "a".repeat(64) + ".png";
    assertThat(store().derived(key)).isEmpty();
    store().putDerived(key, new byte[] {1, 2, 3});
    assertThat(store().derived(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    store().deleteDerived(key);
    assertThat(store().derived(key)).isEmpty();
    assertThatThrownBy(() -> store().putDerived("../escape", new byte[1])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyStoredHashIsVisited() throws Exception {
    List<String> committed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] content = random(100 + i, 100 + i);
      committed.add(sha256(content));
      store().commit(staged(content), sha256(content));
    }
    List<String> seen = new ArrayList<>();
    store().forEachBlob(seen::add);
    assertThat(seen).containsAll(committed).doesNotHaveDuplicates();
  }

  @Test
  void contentLargerThanAPartIsStoredWholeAndReadsAcrossPartBoundaries() throws Exception {
    byte[] content = random(2 * PART_SIZE + 12_345, 8);
    String sha = sha256(content);
    assertThat(store().commit(staged(content), sha)).isTrue();
    assertThat(read(sha)).isEqualTo(content);
    int boundary = PART_SIZE;
    assertThat(read(sha, boundary - 100, 200)).isEqualTo(Arrays.copyOfRange(content, boundary - 100, boundary + 100));
  }

  @Test
  void stagingLeftByAnEarlierRunIsCleared() throws Exception {
    store().newStagingFile();
    store().newStagingFile();
    assertThat(store().clearStaging()).isGreaterThanOrEqualTo(2);
    assertThat(store().clearStaging()).isZero();
  }
}
