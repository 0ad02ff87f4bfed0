package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.Api.Part;
import dev.livedrop.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads, raw and multipart, and every way an upload can go wrong without leaving anything behind. */
class UploadTest {
  static final int MAX_FILE = 1024 * 1024;
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_MAX_FILE_SIZE", "1M"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Drop(String name, String admin) {}

  static Drop drop(String name, String extraJson) {
    JsonNode created = server.api.createDrop("{\"name\":\"" + name + "\"" + extraJson + "}");
    return new Drop(name, bearer(created.path("adminToken").asText()));
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static int assetCount(Drop d) {
    return server.api.get("/api/v1/drops/" + d.name() + "/assets", "Authorization", d.admin()).json().path("assets").size();
  }

  @Test
  void rawUploadStoresTheBytesWithTheirHash() throws Exception {
    Drop d = drop("raw-upload", "");
    byte[] content = random(300_000, 1);
    var r = server.api.putFile(d.name(), "report.bin", content, "Authorization", d.admin(), "X-Nickname", "maria");
    assertThat(r.status()).isEqualTo(201);
    JsonNode asset = r.json().path("assets").get(0);
    assertThat(asset.path("name").asText()).isEqualTo("report.bin");
    assertThat(asset.path("addedBy").asText()).isEqualTo("maria");
    assertThat(asset.path("file").path("size").asLong()).isEqualTo(300_000);
    assertThat(asset.path("file").path("sha256").asText()).isEqualTo(sha256(content));
    assertThat(r.header("Location")).endsWith("/assets/" + asset.path("id").asText());
    var back = server.api.get("/api/v1/drops/raw-upload/assets/" + asset.path("id").asText() + "/content", "Authorization", d.admin());
    assertThat(back.bytes()).isEqualTo(content);
  }

  @Test
  void postWithContentDispositionNameWorksToo() {
    Drop d = drop("raw-post", "");
    var r = server.api.send(server.api.request("/api/v1/drops/raw-post/files")
        .header("Authorization", d.admin())
        .header("Content-Disposition", "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.txt")
        .POST(BodyPublishers.ofString("hello")));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().path("assets").get(0).path("name").asText()).isEqualTo("résumé.txt");
  }

  @Test
  void multipartUploadsSeveralFilesAtOnce() {
    Drop d = drop("multi", "");
    var r = server.api.postMultipart(d.name(), List.of(
        new Part("nickname", null, "jo".getBytes(StandardCharsets.UTF_8)),
        new Part("file", "one.txt", "first".getBytes(StandardCharsets.UTF_8)),
        new Part("file", "two.txt", "second".getBytes(StandardCharsets.UTF_8)),
        new Part("file", "three.bin", random(200_000, 3))), "Authorization", d.admin());
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().path("assets")).hasSize(3);
    assertThat(r.json().path("assets").get(0).path("addedBy").asText()).isEqualTo("jo");
    assertThat(assetCount(d)).isEqualTo(3);
  }

  @Test
  void identicalContentIsStoredOnce() throws Exception {
    Drop d = drop("dedupe", "");
    byte[] content = random(50_000, 42);
    server.api.putFile(d.name(), "a.bin", content, "Authorization", d.admin());
    long blobs = server.blobFiles();
    var again = server.api.putFile(d.name(), "b.bin", content, "Authorization", d.admin());
    assertThat(again.status()).isEqualTo(201);
    assertThat(server.blobFiles()).isEqualTo(blobs);
    assertThat(assetCount(d)).isEqualTo(2);
  }

  @Test
  void fileOverTheSizeLimitIs413BeforeTheBodyIsRead() throws Exception {
    Drop d = drop("too-big", "");
    var r = server.api.send(server.api.request("/api/v1/drops/too-big/files")
        .header("Authorization", d.admin()).header("X-File-Name", "big.bin").expectContinue(true)
        .PUT(BodyPublishers.ofByteArray(random(MAX_FILE + 1, 5))));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.problem()).isEqualTo("file-too-large");
    assertThat(r.json().path("maxFileSize").asLong()).isEqualTo(MAX_FILE);
    assertThat(assetCount(d)).isZero();
    // Another test's upload may still be clearing its staging file; none may stay.
    awaitNoStagingFiles();
  }

  @Test
  void chunkedFileOverTheSizeLimitIsCutOffWith413() throws Exception {
    Drop d = drop("too-big-chunked", "");
    String response = rawExchange("PUT /api/v1/drops/too-big-chunked/files HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: " + d.admin() + "\r\nX-File-Name: big.bin\r\nTransfer-Encoding: chunked\r\n\r\n",
        2 * MAX_FILE, true);
    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(response).contains("file-too-large");
    assertThat(assetCount(d)).isZero();
    awaitNoStagingFiles();
  }

  @Test
  void uploadBeyondTheDropsQuotaIs413SayingHowMuchRoomIsLeft() {
    Drop d = drop("small-quota", ",\"quotaBytes\":1000");
    assertThat(server.api.putFile(d.name(), "a.bin", random(600, 6), "Authorization", d.admin()).status()).isEqualTo(201);
    var r = server.api.putFile(d.name(), "b.bin", random(600, 7), "Authorization", d.admin());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.problem()).isEqualTo("quota-exceeded");
    assertThat(r.json().path("remainingBytes").asLong()).isEqualTo(400);
    assertThat(assetCount(d)).isEqualTo(1);
  }

  @Test
  void multipartOverQuotaAddsNoneOfItsFiles() throws Exception {
    Drop d = drop("atomic-multi", ",\"quotaBytes\":1000");
    long blobs = server.blobFiles();
    var r = server.api.postMultipart(d.name(), List.of(
        new Part("file", "one.bin", random(600, 8)),
        new Part("file", "two.bin", random(600, 9))), "Authorization", d.admin());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.problem()).isEqualTo("quota-exceeded");
    assertThat(assetCount(d)).isZero();
    awaitNoStagingFiles();
    assertThat(server.blobFiles()).isEqualTo(blobs);
  }

  @Test
  void clientThatDisconnectsMidUploadLeavesNothing() throws Exception {
    Drop d = drop("disconnect", "");
    try (var socket = new Socket("127.0.0.1", server.app.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/v1/drops/disconnect/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + d.admin()
          + "\r\nX-File-Name: half.bin\r\nContent-Length: 900000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(random(400_000, 10));
      out.flush();
      Thread.sleep(300);
    }
    awaitNoStagingFiles();
    assertThat(assetCount(d)).isZero();
    // The server is still serving.
    assertThat(server.api.putFile(d.name(), "whole.bin", random(10, 11), "Authorization", d.admin()).status()).isEqualTo(201);
  }

  @Test
  void pathTricksInNamesAreStoredUnderASafeNameWithTheOriginalShown() {
    Drop d = drop("path-tricks", "");
    Map<String, String> cases = Map.of(
        "..%2F..%2Fetc%2Fpasswd", "passwd",
        "%2Fabsolute%2Fpath.txt", "path.txt",
        "C%3A%5CWindows%5Cwin.ini", "win.ini",
        "a%01b%00.txt", "a_b_.txt",
        "..", "file",
        "con.txt", "_con.txt");
    cases.forEach((sent, safe) -> {
      var r = server.api.putFile(d.name(), sent, "x".getBytes(StandardCharsets.UTF_8), "Authorization", d.admin());
      assertThat(r.status()).as(sent).isEqualTo(201);
      JsonNode a = r.json().path("assets").get(0);
      assertThat(a.path("name").asText()).as(sent).isEqualTo(safe);
      assertThat(a.path("file").path("originalName").asText()).as(sent)
          .isEqualTo(java.net.URLDecoder.decode(sent, StandardCharsets.UTF_8));
    });
  }

  @Test
  void zeroByteFileIsAFile() {
    Drop d = drop("zero-bytes", "");
    var r = server.api.putFile(d.name(), "empty.txt", new byte[0], "Authorization", d.admin());
    assertThat(r.status()).isEqualTo(201);
    JsonNode a = r.json().path("assets").get(0);
    assertThat(a.path("file").path("size").asLong()).isZero();
    var back = server.api.get("/api/v1/drops/zero-bytes/assets/" + a.path("id").asText() + "/content", "Authorization", d.admin());
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.bytes()).isEmpty();
  }

  @Test
  void emptyMissingAndNonUtf8NamesAre400() throws Exception {
    Drop d = drop("bad-names", "");
    var empty = server.api.putFile(d.name(), "", "x".getBytes(StandardCharsets.UTF_8), "Authorization", d.admin());
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().path("detail").asText()).contains("empty");
    var missing = server.api.putFile(d.name(), null, "x".getBytes(StandardCharsets.UTF_8), "Authorization", d.admin());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("detail").asText()).contains("X-File-Name");
    var latin1 = server.api.putFile(d.name(), "caf%E9.txt", "x".getBytes(StandardCharsets.UTF_8), "Authorization", d.admin());
    assertThat(latin1.status()).isEqualTo(400);
    assertThat(latin1.json().path("detail").asText()).contains("UTF-8");
    assertThat(assetCount(d)).isZero();
    awaitNoStagingFiles();
  }

  @Test
  void mediaTypeComesFromTheContentNotTheName() throws Exception {
    Drop d = drop("sniffing", "");
    var img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var png = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", png);
    var r = server.api.putFile(d.name(), "notes.txt", png.toByteArray(), "Authorization", d.admin(),
        "Content-Type", "text/plain");
    assertThat(r.json().path("assets").get(0).path("file").path("mediaType").asText()).isEqualTo("image/png");
  }

  @Test
  void guestsMayNotUploadWhereAddingIsOff() {
    drop("read-only", ",\"guests\":{\"add\":false,\"comment\":true,\"delete\":false}");
    var r = server.api.putFile("read-only", "x.txt", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.problem()).isEqualTo("forbidden");
  }

  @Test
  void uploadToUnknownDropIs404() {
    var r = server.api.putFile("no-such-drop", "x.txt", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(404);
  }

  private static void awaitNoStagingFiles() throws Exception {
    for (int i = 0; i < 50 && server.stagingFiles() > 0; i++) Thread.sleep(100);
    assertThat(server.stagingFiles()).isZero();
  }

  /** Sends headers then {@code bodyBytes} (chunked if asked), and returns whatever the server answered. */
  private static String rawExchange(String head, int bodyBytes, boolean chunked) throws Exception {
    try (var socket = new Socket("127.0.0.1", server.app.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = random(64 * 1024, 12);
      try {
        for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
          if (chunked) out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // The server may stop listening once it has answered; its answer is still readable.
      }
      InputStream in = socket.getInputStream();
      var answer = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) answer.write(buf, 0, n);
      } catch (java.io.IOException reset) {
        // what was read before the close is the answer
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
