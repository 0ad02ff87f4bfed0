package dev.livedrop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  static LivedropConfig with(Map<String, String> env) {
    return LivedropConfig.from(env);
  }

  @Test
  void diskIsTheDefaultAndNeedsNoS3Settings() {
    var storage = with(Map.of()).blobStorage();
    assertThat(storage.kind()).isEqualTo("disk");
    assertThat(storage.s3()).isNull();
  }

  @Test
  void s3TakesItsSettingsWithPathStyleOnForAnEndpointAnd16MiBParts() {
    var s3 = with(Map.of("LIVEDROP_BLOB_STORE", "s3", "LIVEDROP_S3_ENDPOINT", "http://127.0.0.1:9000",
        "LIVEDROP_S3_BUCKET", "files", "LIVEDROP_S3_ACCESS_KEY", "a", "LIVEDROP_S3_SECRET_KEY", "b")).blobStorage().s3();
    assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(s3.bucket()).isEqualTo("files");
    assertThat(s3.region()).isEqualTo("us-east-1");
    assertThat(s3.pathStyle()).isTrue();
    assertThat(s3.partSize()).isEqualTo(16L << 20);
    assertThat(s3.toString()).doesNotContain("=b,").contains("keys=set");
  }

  @Test
  void withoutEndpointOrKeysTheSdkDefaultsApply() {
    var s3 = with(Map.of("LIVEDROP_BLOB_STORE", "s3", "LIVEDROP_S3_BUCKET", "files", "LIVEDROP_S3_REGION", "eu-west-3"))
        .blobStorage().s3();
    assertThat(s3.endpoint()).isNull();
    assertThat(s3.pathStyle()).isFalse();
    assertThat(s3.accessKey()).isNull();
    assertThat(s3.region()).isEqualTo("eu-west-3");
  }

  @Test
  void aMissingBucketIsNamed() {
    assertThatThrownBy(() -> with(Map.of("LIVEDROP_BLOB_STORE", "s3")))
        .hasMessageContaining("LIVEDROP_S3_BUCKET");
  }

  @Test
  void badValuesNameTheirVariable() {
    var base = Map.of("LIVEDROP_BLOB_STORE", "s3", "LIVEDROP_S3_BUCKET", "files");
    assertThatThrownBy(() -> with(Map.of("LIVEDROP_BLOB_STORE", "ftp"))).hasMessageContaining("LIVEDROP_BLOB_STORE");
    assertThatThrownBy(() -> with(plus(base, "LIVEDROP_S3_ENDPOINT", "127.0.0.1:9000"))).hasMessageContaining("LIVEDROP_S3_ENDPOINT");
    assertThatThrownBy(() -> with(plus(base, "LIVEDROP_S3_PART_SIZE", "1M"))).hasMessageContaining("LIVEDROP_S3_PART_SIZE")
        .hasMessageContaining("5M");
    assertThatThrownBy(() -> with(plus(base, "LIVEDROP_S3_ACCESS_KEY", "only-half")))
        .hasMessageContaining("LIVEDROP_S3_SECRET_KEY");
    assertThatThrownBy(() -> with(plus(base, "LIVEDROP_S3_PATH_STYLE", "maybe"))).hasMessageContaining("LIVEDROP_S3_PATH_STYLE");
  }

  static Map<String, String> plus(Map<String, String> base, String k, String v) {
    var m = new java.util.HashMap<>(base);
    m.put(k, v);
    return m;
  }
}
