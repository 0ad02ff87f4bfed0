package dev.livedrop.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.support.S3Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a real S3 server (s3proxy), a fresh bucket per test, plus what is S3's own: keys, parts, the bucket check. */
class S3BlobStoreTest extends BlobStoreContract {
  static S3Proxy s3;
  static final AtomicInteger buckets = new AtomicInteger();
  @TempDir Path data;
  String bucket;
  S3BlobStore store;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3Proxy.start();
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) s3.close();
  }

  @BeforeEach
  void open() throws Exception {
    bucket = "contract-" + buckets.incrementAndGet();
    s3.createBucket(bucket);
    store = S3BlobStore.connect(settings(bucket), data);
  }

  @AfterEach
  void close() {
    store.close();
  }

  static S3Settings settings(String bucket) {
    return new S3Settings(s3.endpoint(), bucket, "us-east-1", S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY, true, PART_SIZE, false);
  }

  @Override
  BlobStore store() {
    return store;
  }

  @Test
  void contentIsKeyedByHashWithAMarkerBesideItAndDerivedFilesApart() throws Exception {
    byte[] content = random(1_000, 20);
    String sha = sha256(content);
    store.commit(staged(content), sha);
    store.putDerived("thumb/" + sha + ".jpg", new byte[] {9});
    assertThat(s3.keys(bucket, "")).containsExactlyInAnyOrder(
        "blobs/" + sha.substring(0, 2) + "/" + sha,
        "touched/" + sha.substring(0, 2) + "/" + sha,
        "derived/thumb/" + sha + ".jpg");
  }

  @Test
  void aLargeObjectGoesInPartsAndCarriesItsHash() throws Exception {
    byte[] content = random(PART_SIZE + 1, 21);
    String sha = sha256(content);
    store.commit(staged(content), sha);
    var head = s3.client().headObject(b -> b.bucket(bucket).key(S3BlobStore.blobKey(sha)));
    assertThat(head.contentLength()).isEqualTo(content.length);
    assertThat(head.metadata()).containsEntry(S3BlobStore.SHA256_METADATA, sha);
    // A multipart object's ETag is "<md5 of the parts' md5s>-<number of parts>".
    assertThat(head.eTag()).endsWith("-2\"");
    assertThat(s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void aSmallObjectGoesInOnePutCheckedAgainstItsHash() throws Exception {
    byte[] content = random(1_000, 22);
    String sha = sha256(content);
    store.commit(staged(content), sha);
    var head = s3.client().headObject(b -> b.bucket(bucket).key(S3BlobStore.blobKey(sha)));
    assertThat(head.metadata()).containsEntry(S3BlobStore.SHA256_METADATA, sha);
    assertThat(head.eTag()).doesNotContain("-");
  }

  @Test
  void stagedBytesThatDoNotMatchTheirHashAreRefused() throws Exception {
    byte[] content = random(1_000, 23);
    String claimed = sha256(random(1_000, 24));
    Path p = staged(content);
    assertThatThrownBy(() -> store.commit(p, claimed)).isInstanceOf(java.io.IOException.class);
    assertThat(store.exists(claimed)).isFalse();
  }

  @Test
  void twoNodesCommittingTheSameBytesAtOnceLeaveOneIntactObject(@TempDir Path otherNode) throws Exception {
    try (var other = S3BlobStore.connect(settings(bucket), otherNode)) {
      byte[] content = random(PART_SIZE + 100_000, 26);
      String sha = sha256(content);
      Path here = staged(content);
      Path there = other.newStagingFile();
      Files.write(there, content);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var a = pool.submit(() -> store.commit(here, sha));
        var b = pool.submit(() -> other.commit(there, sha));
        boolean aNew = a.get();
        boolean bNew = b.get();
        assertThat(aNew || bNew).as("at least one of them stored it").isTrue();
      } finally {
        pool.shutdownNow();
      }
      assertThat(read(sha)).isEqualTo(content);
      assertThat(s3.keys(bucket, "blobs/")).containsExactly(S3BlobStore.blobKey(sha));
      assertThat(s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  void aMultipartUploadInterruptedMidwayIsAbortedNotLeftBehind() throws Exception {
    byte[] content = random(3 * PART_SIZE, 28);
    String sha = sha256(content);
    Path p = staged(content);
    var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    Thread committing = new Thread(() -> {
      try {
        store.commit(p, sha);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    committing.start();
    for (int i = 0; i < 200 && s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty()
        && committing.isAlive(); i++) {
      Thread.sleep(10);
    }
    committing.interrupt();
    committing.join(30_000);
    // Interrupted while sending its parts (or, on a fast machine, done before): either way no parts are left to pay for.
    assertThat(s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    if (failure.get() != null) assertThat(store.exists(sha)).isFalse();
    else assertThat(read(sha)).isEqualTo(content);
  }

  @Test
  void anotherNodesCommitRenewsTheGracePeriodForThisNodesSweeper(@TempDir Path otherNode) throws Exception {
    try (var other = S3BlobStore.connect(settings(bucket), otherNode)) {
      byte[] content = random(1_000, 27);
      String sha = sha256(content);
      store.commit(staged(content), sha);
      Thread.sleep(1_100);
      java.time.Instant cutoff = java.time.Instant.now();
      Thread.sleep(1_100);
      Path there = other.newStagingFile();
      Files.write(there, content);
      assertThat(other.commit(there, sha)).isFalse();
      assertThat(store.deleteIfUnused(sha, cutoff, () -> true)).isFalse();
      assertThat(store.exists(sha)).isTrue();
    }
  }

  @Test
  void aMissingBucketStopsTheStartNamingIt() {
    assertThatThrownBy(() -> S3BlobStore.connect(settings("no-such-bucket"), data))
        .hasMessageContaining("'no-such-bucket'").hasMessageContaining("does not exist");
  }

  @Test
  void wrongCredentialsStopTheStart() {
    var bad = new S3Settings(s3.endpoint(), bucket, "us-east-1", S3Proxy.ACCESS_KEY, "wrong", true, PART_SIZE, false);
    assertThatThrownBy(() -> S3BlobStore.connect(bad, data)).hasMessageContaining("'" + bucket + "'")
        .hasMessageContaining("403");
  }

  @Test
  void anEndpointWithNothingListeningStopsTheStartNamingIt() throws Exception {
    int port;
    try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    var nowhere = new S3Settings(java.net.URI.create("http://127.0.0.1:" + port), bucket, "us-east-1", S3Proxy.ACCESS_KEY,
        S3Proxy.SECRET_KEY, true, PART_SIZE, false);
    assertThatThrownBy(() -> S3BlobStore.connect(nowhere, data)).hasMessageContaining("cannot use S3 at http://127.0.0.1:" + port)
        .hasMessageContaining("'" + bucket + "'");
  }

  @Test
  void nothingIsKeptLocallyButStaging() throws Exception {
    byte[] content = random(1_000, 25);
    store.commit(staged(content), sha256(content));
    assertThat(store.localFile(sha256(content))).isEmpty();
    try (var files = Files.list(data)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("tmp");
    }
  }
}
