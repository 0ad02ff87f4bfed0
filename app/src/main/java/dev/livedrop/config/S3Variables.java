package dev.livedrop.config;

import dev.livedrop.storage.blob.S3Settings;
import java.net.URI;

/**
 * {@code LIVEDROP_S3_*}, read when {@code LIVEDROP_BLOB_STORE=s3}. Without an endpoint the SDK's
 * own (AWS) endpoint for the region is used; without keys, the SDK's default credential chain.
 * Path-style addressing is the default with an endpoint, since most S3-compatible servers serve
 * no per-bucket host names.
 */
final class S3Variables {
  private S3Variables() {}

  static S3Settings read(EnvReader reader) {
    URI endpoint = reader.parsed("LIVEDROP_S3_ENDPOINT", null, S3Variables::endpoint,
        "an http:// or https:// URL such as http://127.0.0.1:9000");
    String bucket = reader.string("LIVEDROP_S3_BUCKET", null);
    if (bucket == null) throw new IllegalArgumentException("LIVEDROP_S3_BUCKET must name the bucket when LIVEDROP_BLOB_STORE=s3");
    String accessKey = reader.string("LIVEDROP_S3_ACCESS_KEY", null);
    String secretKey = reader.string("LIVEDROP_S3_SECRET_KEY", null);
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("LIVEDROP_S3_ACCESS_KEY and LIVEDROP_S3_SECRET_KEY go together: set both, "
          + "or neither to use the default credential chain");
    }
    long partSize = reader.size("LIVEDROP_S3_PART_SIZE", 16 * LivedropConfig.MIB);
    if (partSize < S3Settings.MIN_PART_SIZE || partSize > S3Settings.MAX_PART_SIZE) {
      throw new IllegalArgumentException("LIVEDROP_S3_PART_SIZE=" + reader.string("LIVEDROP_S3_PART_SIZE", "")
          + " is not valid: expected a size from 5M to 5G (S3's limits for a part)");
    }
    return new S3Settings(endpoint, bucket, reader.string("LIVEDROP_S3_REGION", "us-east-1"), accessKey, secretKey,
        reader.bool("LIVEDROP_S3_PATH_STYLE", endpoint != null), partSize,
        reader.bool("LIVEDROP_S3_PRESIGNED_DOWNLOADS", false));
  }

  private static URI endpoint(String v) {
    URI u = URI.create(v);
    if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
      throw new IllegalArgumentException("not an http(s) URL");
    }
    return u;
  }
}
