package dev.livedrop.storage.blob;

import java.net.URI;

/**
 * Where and how {@link S3BlobStore} keeps content: a null endpoint is AWS's for the region, null
 * keys the SDK's default credential chain (environment, profile, instance role).
 */
public record S3Settings(URI endpoint, String bucket, String region, String accessKey, String secretKey,
    boolean pathStyle, long partSize, boolean presignedDownloads) {

  /** S3 accepts no part below 5 MiB (but the last) and none above 5 GiB. */
  public static final long MIN_PART_SIZE = 5L << 20, MAX_PART_SIZE = 5L << 30;

  @Override
  public String toString() {
    // Never the secret key, should settings end up in a log line.
    return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", pathStyle=" + pathStyle
        + ", partSize=" + partSize + ", presignedDownloads=" + presignedDownloads
        + ", keys=" + (accessKey == null ? "default chain" : "set") + "]";
  }
}
