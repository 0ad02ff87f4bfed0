package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies that end badly, written by hand on raw sockets: whatever the way, no staging file stays
 * in {@code data/tmp}, nothing is added, the client gets an answer promptly where it can still
 * read one, and the server goes on serving.
 */
class FailedUploadTest {
  static final int TRIES = 20;
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_MAX_FILE_SIZE", "64M"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Drop(String name, String admin) {}

  static Drop drop(String name) {
    JsonNode created = server.api.createDrop("{\"name\":\"" + name + "\"}");
    return new Drop(name, bearer(created.path("adminToken").asText()));
  }

  @Test
  void aMalformedChunkSizeLeavesNothingBehind() throws Exception {
    Drop d = drop("bad-chunk");
    for (int i = 0; i < TRIES; i++) {
      var head = "PUT /api/v1/drops/" + d.name() + "/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + d.admin()
          + "\r\nX-File-Name: c.bin\r\nTransfer-Encoding: chunked\r\n\r\n";
      var body = new ByteArrayOutputStream();
      body.write("10000\r\n".getBytes(StandardCharsets.US_ASCII));
      body.write(random(0x10000, i));
      body.write("\r\nzz-not-hex\r\nmore\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Exchange x = exchange(head, body.toByteArray(), false);
      assertThat(x.timedOut()).as("try %d: answered or closed, not left hanging", i).isFalse();
      if (!x.answer().isEmpty()) assertThat(x.answer()).as("try %d", i).startsWith("HTTP/1.1 400");
    }
    assertNothingLeft(d);
  }

  @Test
  void aClientThatHalfClosesBeforeItsContentLengthLeavesNothingBehind() throws Exception {
    Drop d = drop("half-close");
    for (int i = 0; i < TRIES; i++) {
      var head = "PUT /api/v1/drops/" + d.name() + "/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + d.admin()
          + "\r\nX-File-Name: h.bin\r\nContent-Length: 900000\r\n\r\n";
      Exchange x = exchange(head, random(400_000, i), true);
      assertThat(x.timedOut()).as("try %d: answered or closed, not left hanging", i).isFalse();
      if (!x.answer().isEmpty()) assertThat(x.answer()).as("try %d", i).startsWith("HTTP/1.1 400");
    }
    assertNothingLeft(d);
  }

  @Test
  void multipartWithoutItsClosingBoundaryIsAnsweredAtOnceAndLeavesNothingBehind() throws Exception {
    Drop d = drop("no-boundary");
    for (int i = 0; i < TRIES; i++) {
      var body = new ByteArrayOutputStream();
      body.write(("--XyZzy\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.bin\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      body.write(random(200_000, i)); // and no "\r\n--XyZzy--"
      var head = "POST /api/v1/drops/" + d.name() + "/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + d.admin()
          + "\r\nContent-Type: multipart/form-data; boundary=XyZzy\r\nContent-Length: " + body.size() + "\r\n\r\n";
      long start = System.nanoTime();
      Exchange x = exchange(head, body.toByteArray(), false);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(x.timedOut()).as("try %d: answered within the read timeout", i).isFalse();
      assertThat(ms).as("try %d", i).isLessThan(5_000);
      assertThat(x.answer()).as("try %d", i).startsWith("HTTP/1.1 400").contains("application/problem+json")
          .contains("urn:livedrop:problem:incomplete-upload");
    }
    assertNothingLeft(d);
  }

  @Test
  void aMultipartRequestCutMidwayDiscardsTheFilesItHadAlreadyStaged() throws Exception {
    // The first file is whole (staged and synced); the connection then closes inside the second.
    // No end of the body will come, so the failure itself must discard the first file.
    Drop d = drop("cut-multipart");
    for (int i = 0; i < TRIES; i++) {
      var body = new ByteArrayOutputStream();
      body.write(("--XyZzy\r\nContent-Disposition: form-data; name=\"file\"; filename=\"one.bin\"\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      body.write(random(100_000, i));
      body.write(("\r\n--XyZzy\r\nContent-Disposition: form-data; name=\"file\"; filename=\"two.bin\"\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      body.write(random(100_000, i + 1000));
      try (var socket = new Socket("127.0.0.1", server.app.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/drops/" + d.name() + "/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + d.admin()
            + "\r\nContent-Type: multipart/form-data; boundary=XyZzy\r\nContent-Length: " + (body.size() + 500_000)
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body.toByteArray());
        out.flush();
        Thread.sleep(200); // lets the first file be staged before the close
      }
    }
    assertNothingLeft(d);
  }

  @Test
  void wholeMultipartFilesStillEndAfterTheRequestDoes() throws Exception {
    // Large parts fill the staging lanes, so the request ends while the last file is still paused
    // with bytes in hand: that file is not cut short, it ends once it has caught up.
    Drop d = drop("whole-multipart");
    byte[] a = random(24 << 20, 1);
    byte[] b = random(24 << 20, 2);
    for (int i = 0; i < 3; i++) {
      var r = server.api.postMultipart(d.name(), java.util.List.of(new dev.livedrop.support.Api.Part("file", "a" + i, a),
          new dev.livedrop.support.Api.Part("file", "b" + i, b)), "Authorization", d.admin());
      assertThat(r.status()).as("try %d: %s", i, r).isEqualTo(201);
      assertThat(r.json().path("assets").get(1).path("file").path("size").asLong()).isEqualTo(b.length);
    }
  }

  /** No staging file (bounded wait: a failed transfer's lanes finish first), no asset, and a good upload still works. */
  private static void assertNothingLeft(Drop d) throws Exception {
    for (int i = 0; i < 50 && server.stagingFiles() > 0; i++) Thread.sleep(100);
    assertThat(server.stagingFiles()).as("staging files left in data/tmp").isZero();
    var assets = server.api.get("/api/v1/drops/" + d.name() + "/assets", "Authorization", d.admin());
    assertThat(assets.json().path("assets")).isEmpty();
    var good = server.api.putFile(d.name(), "good.bin", random(10_000, 99), "Authorization", d.admin());
    assertThat(good.status()).isEqualTo(201);
  }

  record Exchange(String answer, boolean timedOut) {}

  /**
   * Writes {@code head} and {@code body} as they are, half-closes if asked, and reads until the
   * server closes or answers with a whole problem document (the answer to a body the server no
   * longer reads may come before it closes).
   */
  private static Exchange exchange(String head, byte[] body, boolean halfClose) throws Exception {
    try (var socket = new Socket("127.0.0.1", server.app.port())) {
      socket.setSoTimeout(8_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        if (halfClose) socket.shutdownOutput();
      } catch (IOException closedEarly) {
        // The server may stop reading once it has answered; its answer is still readable.
      }
      InputStream in = socket.getInputStream();
      var answer = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          answer.write(buf, 0, n);
          if (answer.toString(StandardCharsets.UTF_8).endsWith("}")) break;
        }
      } catch (SocketTimeoutException e) {
        return new Exchange(answer.toString(StandardCharsets.UTF_8), true);
      } catch (IOException reset) {
        // what was read before the reset is the answer
      }
      return new Exchange(answer.toString(StandardCharsets.UTF_8), false);
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
