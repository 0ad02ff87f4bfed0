package dev.livedrop.api.s3;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.S3Proxy;
import dev.livedrop.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LIVEDROP_S3_PRESIGNED_DOWNLOADS=true: a download is a 302 to a short-lived signed S3 URL, which serves ranges itself. */
class S3PresignedDownloadTest {
  static final String BUCKET = "presigned";
  @TempDir static Path data;
  static S3Proxy s3;
  static TestServer server;
  static String admin;
  static final HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.start().createBucket(BUCKET);
    var env = new HashMap<>(s3.env(BUCKET));
    env.put("LIVEDROP_S3_PRESIGNED_DOWNLOADS", "true");
    server = TestServer.start(data, env);
    admin = bearer(server.api.createDrop("{\"name\":\"signed\"}").path("adminToken").asText());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (s3 != null) s3.close();
  }

  static String upload(String name, byte[] content) {
    var r = server.api.putFile("signed", name, content, "Authorization", admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return "/api/v1/drops/signed/assets/" + r.json().path("assets").get(0).path("id").asText() + "/content";
  }

  @Test
  void aDownloadRedirectsToASignedUrlThatServesTheBytesAndRanges() throws Exception {
    byte[] content = new byte[100_000];
    new Random(5).nextBytes(content);
    var r = server.api.get(upload("data.bin", content), "Authorization", admin);
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Cache-Control")).isEqualTo("private, no-store");
    URI location = URI.create(r.header("Location"));
    assertThat(location.toString()).startsWith(s3.endpoint() + "/" + BUCKET + "/blobs/").contains("X-Amz-Expires=600");

    var whole = direct.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(content);
    assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("data.bin");
    var range = direct.send(HttpRequest.newBuilder(location).header("Range", "bytes=100-199").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
  }

  @Test
  void aTamperedUrlIsRefused() throws Exception {
    var r = server.api.get(upload("other.bin", new byte[] {1, 2, 3}), "Authorization", admin);
    String tampered = r.header("Location").replace("other.bin", "evil.html");
    var answer = direct.send(HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(answer.statusCode()).isEqualTo(403);
  }

  @Test
  void activeContentIsStillServedHereInItsSandbox() {
    String svg = upload("pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
        .getBytes(StandardCharsets.UTF_8));
    var r = server.api.get(svg, "Authorization", admin);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Security-Policy")).contains("sandbox");
    assertThat(r.text()).contains("<svg");
  }

  @Test
  void withoutAccessThereIsNoRedirect() {
    String owner = bearer(server.api.createDrop("{\"name\":\"locked\",\"password\":\"open sesame\"}").path("adminToken").asText());
    var stored = server.api.putFile("locked", "secret.bin", new byte[] {4, 5, 6}, "Authorization", owner);
    String path = "/api/v1/drops/locked/assets/" + stored.json().path("assets").get(0).path("id").asText() + "/content";
    assertThat(server.api.get(path, "Authorization", owner).status()).isEqualTo(302);
    var r = server.api.get(path);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("Location")).isNull();
  }
}
