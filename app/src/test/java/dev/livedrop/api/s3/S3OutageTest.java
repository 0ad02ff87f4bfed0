package dev.livedrop.api.s3;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.S3Proxy;
import dev.livedrop.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3 going away is the store's outage, not the server's: clean 503s, nothing half-stored, and service resumes. */
class S3OutageTest {
  static final String BUCKET = "outage";
  @TempDir static Path data;
  static S3Proxy s3;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.start().createBucket(BUCKET);
    server = TestServer.start(data, s3.env(BUCKET));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (s3 != null) s3.close();
  }

  @Test
  void withS3DownAnUploadIsA503ProblemAndWorksAgainOnceS3IsBack() throws Exception {
    String admin = bearer(server.api.createDrop("{\"name\":\"outage\"}").path("adminToken").asText());
    var stored = server.api.putFile("outage", "before.txt", "before".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
    assertThat(stored.status()).isEqualTo(201);
    String before = stored.json().path("assets").get(0).path("id").asText();

    s3.stop();
    var refused = server.api.putFile("outage", "during.txt", "during".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
    assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.problem()).isEqualTo("storage-unavailable");
    assertThat(refused.header("Retry-After")).isNotNull();
    var download = server.api.get("/api/v1/drops/outage/assets/" + before + "/content", "Authorization", admin);
    assertThat(download.status()).isEqualTo(503);
    assertThat(download.problem()).isEqualTo("storage-unavailable");
    // The server itself goes on: the drop and its list answer from the database.
    var listed = server.api.get("/api/v1/drops/outage/assets", "Authorization", admin);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().path("assets")).hasSize(1);
    assertThat(server.stagingFiles()).isZero();

    s3.restart();
    // Nothing of the refused upload reached the bucket.
    String during = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest("during".getBytes(StandardCharsets.UTF_8)));
    assertThat(s3.keys(BUCKET, "")).noneMatch(k -> k.contains(during));
    assertThat(s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    var again = server.api.putFile("outage", "after.txt", "after".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(server.api.get("/api/v1/drops/outage/assets/" + before + "/content", "Authorization", admin).text())
        .isEqualTo("before");
  }
}
