package dev.livedrop.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Content in an S3 bucket, shared by every node: {@code blobs/ab/abcd…} by SHA-256, an empty
 * {@code touched/ab/abcd…} beside each, rewritten on every commit (its Last-Modified is when the
 * content was last committed, so the sweeper's grace period protects it), and derived files under
 * {@code derived/}. Uploads are staged and hashed on local disk as with {@link DiskBlobStore}, then
 * sent in one PUT or, from the part size up, as a multipart upload. Decision 0018.
 */
public final class S3BlobStore implements BlobStore {
  static final String BLOBS = "blobs/", TOUCHED = "touched/", DERIVED = "derived/";
  /** User metadata on each blob: the hash of its bytes as computed while staging. */
  static final String SHA256_METADATA = "sha256";
  /** Long enough for a player to seek within a video for a while; short enough not to be a share link. */
  static final Duration PRESIGNED_LIFETIME = Duration.ofMinutes(10);

  private final S3Client s3;
  private final String bucket;
  private final long partSize;
  private final StagingArea staging;
  private final S3Calls calls;
  private final S3MultipartUpload multipart;
  private final HashLocks locks = new HashLocks();
  /** Signs download URLs, when LIVEDROP_S3_PRESIGNED_DOWNLOADS is on; else null. */
  private final S3Presigner presigner;

  S3BlobStore(S3Client s3, S3Presigner presigner, String bucket, long partSize, String where, Path dataDir)
      throws IOException {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.partSize = partSize;
    this.staging = new StagingArea(dataDir.resolve("tmp"));
    this.calls = new S3Calls(where);
    this.multipart = new S3MultipartUpload(s3, calls, bucket, partSize);
  }

  /** Connects and checks that the bucket is there and ours to use, so a bad setting stops the start. */
  public static S3BlobStore connect(S3Settings settings, Path dataDir) throws IOException {
    AwsCredentialsProvider credentials = credentials(settings);
    try {
      credentials.resolveCredentials();
    } catch (RuntimeException e) {
      throw new IOException("no S3 credentials: set LIVEDROP_S3_ACCESS_KEY and LIVEDROP_S3_SECRET_KEY, or give the "
          + "SDK's default chain some (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role)", e);
    }
    S3Client client = client(settings, credentials);
    String where = settings.endpoint() == null ? "S3 (" + settings.region() + ")" : settings.endpoint().toString();
    try {
      client.headBucket(HeadBucketRequest.builder().bucket(settings.bucket()).build());
    } catch (S3Exception e) {
      client.close();
      throw new IOException(switch (e.statusCode()) {
        case 404 -> "S3 bucket '" + settings.bucket() + "' does not exist at " + where + "; create it first";
        case 403 -> "S3 bucket '" + settings.bucket() + "' at " + where + " refuses our credentials (HTTP 403)";
        default -> "S3 bucket '" + settings.bucket() + "' at " + where + " answers HTTP " + e.statusCode();
      }, e);
    } catch (RuntimeException e) {
      client.close();
      throw new IOException("cannot use S3 at " + where + " for bucket '" + settings.bucket() + "': " + e.getMessage(), e);
    }
    return new S3BlobStore(client, settings.presignedDownloads() ? presigner(settings, credentials) : null,
        settings.bucket(), settings.partSize(), where, dataDir);
  }

  private static AwsCredentialsProvider credentials(S3Settings settings) {
    return settings.accessKey() == null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
  }

  private static S3Presigner presigner(S3Settings settings, AwsCredentialsProvider credentials) {
    var builder = S3Presigner.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
    if (settings.endpoint() != null) builder.endpointOverride(settings.endpoint());
    return builder.build();
  }

  private static S3Client client(S3Settings settings, AwsCredentialsProvider credentials) {
    var builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60)))
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle());
    if (settings.endpoint() != null) builder.endpointOverride(settings.endpoint());
    return builder.build();
  }

  @Override
  public Path newStagingFile() throws IOException {
    return staging.newFile("upload-");
  }

  @Override
  public boolean commit(Path staged, String sha256) throws IOException {
    String key = blobKey(sha256);
    try (var held = locks.hold(sha256)) {
      boolean isNew = lastModified(key).isEmpty();
      if (isNew) {
        long size = Files.size(staged);
        var metadata = Map.of(SHA256_METADATA, sha256);
        if (size < partSize) {
          // S3 checks the bytes it got against the hash we computed while staging.
          String checksum = java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
          calls.run("putting " + key, () -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key)
              .contentLength(size).metadata(metadata).checksumSHA256(checksum).build(), RequestBody.fromFile(staged)));
        } else {
          multipart.send(staged, size, key, metadata);
        }
      }
      touch(sha256);
      Files.deleteIfExists(staged);
      return isNew;
    }
  }

  /** Rewrites the content's marker, whose Last-Modified the sweeper reads as "last committed". */
  private void touch(String sha256) throws IOException {
    String key = touchedKey(sha256);
    calls.run("touching " + key, () -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(),
        RequestBody.empty()));
  }

  @Override
  public void discard(Path staged) {
    staging.discard(staged);
  }

  @Override
  public Optional<Path> localFile(String sha256) {
    return Optional.empty();
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    return get(GetObjectRequest.builder().bucket(bucket).key(blobKey(sha256)).build());
  }

  @Override
  public InputStream open(String sha256, long offset, long length) throws IOException {
    if (length == 0) return InputStream.nullInputStream();
    return get(GetObjectRequest.builder().bucket(bucket).key(blobKey(sha256))
        .range("bytes=" + offset + "-" + (offset + length - 1)).build());
  }

  private InputStream get(GetObjectRequest request) throws IOException {
    try {
      return calls.run("getting " + request.key(), () -> s3.getObject(request));
    } catch (IOException e) {
      if (e.getCause() instanceof S3Exception s && S3Calls.notFound(s)) throw new NoSuchFileException(request.key());
      throw e;
    }
  }

  @Override
  public boolean exists(String sha256) throws IOException {
    return lastModified(blobKey(sha256)).isPresent();
  }

  @Override
  public boolean deleteIfUnused(String sha256, Instant notTouchedSince, BooleanSupplier stillUnreferenced)
      throws IOException {
    String key = blobKey(sha256);
    try (var held = locks.hold(sha256)) {
      Optional<Instant> stored = lastModified(key);
      if (stored.isEmpty()) return false;
      // A multipart object's Last-Modified is when its upload began; the marker says when it was
      // last committed. Either one inside the grace period keeps it.
      Instant touched = lastModified(touchedKey(sha256)).filter(t -> t.isAfter(stored.get())).orElse(stored.get());
      if (touched.isAfter(notTouchedSince)) return false;
      if (!stillUnreferenced.getAsBoolean()) return false;
      // The marker first: should the second delete fail, the blob is left without one and the
      // next pass goes by the blob's own time; the other way round would strand an orphan marker.
      delete(touchedKey(sha256));
      delete(key);
      return true;
    }
  }

  @Override
  public void forEachBlob(Consumer<String> visitor) throws IOException {
    var request = ListObjectsV2Request.builder().bucket(bucket).prefix(BLOBS).build();
    calls.run("listing " + BLOBS, () -> {
      for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
        String name = o.key().substring(o.key().lastIndexOf('/') + 1);
        if (BlobNames.SHA256.matcher(name).matches()) visitor.accept(name);
      }
      return null;
    });
  }

  @Override
  public int clearStaging() throws IOException {
    return staging.clear();
  }

  @Override
  public void putDerived(String key, byte[] content) throws IOException {
    String k = DERIVED + BlobNames.derivedKey(key);
    calls.run("putting " + k, () -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(k).build(),
        RequestBody.fromBytes(content)));
  }

  @Override
  public Optional<byte[]> derived(String key) throws IOException {
    String k = DERIVED + BlobNames.derivedKey(key);
    try {
      return Optional.of(calls.run("getting " + k,
          () -> s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(k).build()).asByteArray()));
    } catch (IOException e) {
      if (e.getCause() instanceof S3Exception s && S3Calls.notFound(s)) return Optional.empty();
      throw e;
    }
  }

  @Override
  public void deleteDerived(String key) throws IOException {
    delete(DERIVED + BlobNames.derivedKey(key));
  }

  @Override
  public Optional<URI> downloadUrl(String sha256, String mediaType, String contentDisposition) {
    if (presigner == null) return Optional.empty();
    // Signing is local computation: no request to S3, so it may run anywhere.
    var get = GetObjectRequest.builder().bucket(bucket).key(blobKey(sha256))
        .responseContentType(mediaType).responseContentDisposition(contentDisposition)
        .responseCacheControl("private, no-cache").build();
    var signed = presigner.presignGetObject(GetObjectPresignRequest.builder()
        .signatureDuration(PRESIGNED_LIFETIME).getObjectRequest(get).build());
    return Optional.of(URI.create(signed.url().toString()));
  }

  @Override
  public void close() {
    s3.close();
    if (presigner != null) presigner.close();
  }

  private Optional<Instant> lastModified(String key) throws IOException {
    try {
      return Optional.of(calls.run("looking up " + key,
          () -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()).lastModified()));
    } catch (IOException e) {
      if (e.getCause() instanceof S3Exception s && S3Calls.notFound(s)) return Optional.empty();
      throw e;
    }
  }

  /** S3 answers a delete of a missing key with success, so this is idempotent. */
  private void delete(String key) throws IOException {
    calls.run("deleting " + key, () -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build()));
  }

  static String blobKey(String sha256) {
    return BLOBS + BlobNames.sha256(sha256).substring(0, 2) + "/" + sha256;
  }

  static String touchedKey(String sha256) {
    return TOUCHED + BlobNames.sha256(sha256).substring(0, 2) + "/" + sha256;
  }
}
