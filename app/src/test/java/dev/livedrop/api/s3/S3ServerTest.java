package dev.livedrop.api.s3;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.S3Proxy;
import dev.livedrop.support.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A livedrop server with LIVEDROP_BLOB_STORE=s3 on a real S3 server (s3proxy): files go to the
 * bucket and come back from it, whole, by range, zipped and as thumbnails, and leave it when
 * nothing refers to them any more. The data dir holds the database and staging only.
 */
class S3ServerTest {
  static final String BUCKET = "livedrop-files";
  @TempDir static Path data;
  static S3Proxy s3;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.start().createBucket(BUCKET);
    var env = new HashMap<>(s3.env(BUCKET));
    env.put("LIVEDROP_S3_PART_SIZE", "5M");
    env.put("LIVEDROP_MAX_FILE_SIZE", "64M");
    server = TestServer.start(data, env);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (s3 != null) s3.close();
  }

  static String drop(String name) {
    return bearer(server.api.createDrop("{\"name\":\"" + name + "\"}").path("adminToken").asText());
  }

  static JsonNode upload(String drop, String admin, String name, byte[] content) {
    var r = server.api.putFile(drop, name, content, "Authorization", admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("assets").get(0);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String blobKey(String sha) {
    return "blobs/" + sha.substring(0, 2) + "/" + sha;
  }

  @Test
  void anUploadIsStoredInTheBucketAndDownloadedWholeOrByRange() throws Exception {
    String admin = drop("ranges");
    byte[] content = random(12 << 20, 1); // three parts of 5 MiB
    JsonNode a = upload("ranges", admin, "big.bin", content);
    String sha = a.path("file").path("sha256").asText();
    assertThat(s3.keys(BUCKET, "blobs/")).contains(blobKey(sha));
    assertThat(server.blobFiles()).as("nothing in the local blob dir").isZero();
    String path = "/api/v1/drops/ranges/assets/" + a.path("id").asText() + "/content";

    var whole = server.api.get(path, "Authorization", admin);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.header("Content-Length")).isEqualTo(String.valueOf(content.length));
    assertThat(whole.bytes()).isEqualTo(content);

    int from = (5 << 20) - 7;
    var range = server.api.get(path, "Authorization", admin, "Range", "bytes=" + from + "-" + (from + 99));
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.header("Content-Range")).isEqualTo("bytes " + from + "-" + (from + 99) + "/" + content.length);
    assertThat(range.bytes()).isEqualTo(Arrays.copyOfRange(content, from, from + 100));

    var suffix = server.api.get(path, "Authorization", admin, "Range", "bytes=-10");
    assertThat(suffix.bytes()).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
  }

  @Test
  void theZipStreamsEveryFileFromTheBucket() throws Exception {
    String admin = drop("zipped");
    byte[] one = "first".getBytes(StandardCharsets.UTF_8);
    byte[] two = random(300_000, 2);
    byte[] three = random(6 << 20, 3);
    upload("zipped", admin, "one.txt", one);
    upload("zipped", admin, "two.bin", two);
    upload("zipped", admin, "three.bin", three);
    var r = server.api.get("/api/v1/drops/zipped/download.zip", "Authorization", admin);
    assertThat(r.status()).isEqualTo(200);
    var entries = new LinkedHashMap<String, byte[]>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(r.bytes()))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) entries.put(e.getName(), in.readAllBytes());
    }
    assertThat(entries.keySet()).containsExactly("one.txt", "two.bin", "three.bin");
    assertThat(entries.get("one.txt")).isEqualTo(one);
    assertThat(entries.get("two.bin")).isEqualTo(two);
    assertThat(entries.get("three.bin")).isEqualTo(three);
  }

  @Test
  void anImagesThumbnailIsKeptBesideItInTheBucket() throws Exception {
    String admin = drop("pictures");
    var img = new BufferedImage(900, 600, BufferedImage.TYPE_INT_RGB);
    var png = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", png);
    JsonNode a = upload("pictures", admin, "photo.jpg", png.toByteArray());
    String id = a.path("id").asText();
    String sha = a.path("file").path("sha256").asText();
    String state = "pending";
    for (int i = 0; i < 100 && state.equals("pending"); i++) {
      Thread.sleep(100);
      state = server.api.get("/api/v1/drops/pictures/assets/" + id, "Authorization", admin).json().path("file").path("thumbnail").asText();
    }
    assertThat(state).isEqualTo("ready");
    var r = server.api.get("/api/v1/drops/pictures/assets/" + id + "/thumbnail", "Authorization", admin);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(r.bytes()));
    assertThat(thumb.getWidth()).isEqualTo(320);
    assertThat(s3.keys(BUCKET, "derived/")).contains("derived/thumb/" + sha + ".jpg");
  }

  @Test
  void deletedContentLeavesTheBucketAtTheSweepWithItsMarkerAndThumbnail() throws Exception {
    String admin = drop("deleted");
    var img = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
    img.setRGB(7, 7, 0x123456);
    var jpg = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", jpg);
    JsonNode a = upload("deleted", admin, "gone.jpg", jpg.toByteArray());
    String id = a.path("id").asText();
    String sha = a.path("file").path("sha256").asText();
    for (int i = 0; i < 100 && !s3.keys(BUCKET, "derived/").contains("derived/thumb/" + sha + ".jpg"); i++) Thread.sleep(100);
    assertThat(s3.keys(BUCKET, "")).contains(blobKey(sha), "touched/" + sha.substring(0, 2) + "/" + sha);

    assertThat(server.api.delete("/api/v1/drops/deleted/assets/" + id, "Authorization", admin).status()).isEqualTo(204);
    Thread.sleep(1_100); // S3 keeps Last-Modified to the second; the test's grace period is 0 s
    server.app.sweeper().runOnce();
    assertThat(s3.keys(BUCKET, "")).noneMatch(k -> k.contains(sha));
  }

  @Test
  void aFailedUploadLeavesNothingInTheBucket() throws Exception {
    String admin = drop("failed");
    var before = s3.keys(BUCKET, "");
    for (int i = 0; i < 5; i++) {
      try (var socket = new Socket("127.0.0.1", server.app.port())) {
        socket.setSoTimeout(8_000);
        OutputStream out = socket.getOutputStream();
        out.write(("PUT /api/v1/drops/failed/files HTTP/1.1\r\nHost: x\r\nAuthorization: " + admin
            + "\r\nX-File-Name: cut.bin\r\nContent-Length: 9000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(random(6 << 20, 10 + i));
        out.flush();
        socket.shutdownOutput();
        InputStream in = socket.getInputStream();
        try {
          in.readAllBytes();
        } catch (java.io.IOException reset) {
          // answered or reset: either way the upload failed
        }
      }
    }
    for (int i = 0; i < 50 && server.stagingFiles() > 0; i++) Thread.sleep(100);
    assertThat(server.stagingFiles()).isZero();
    assertThat(s3.keys(BUCKET, "")).containsExactlyElementsOf(before);
    assertThat(s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    assertThat(server.api.get("/api/v1/drops/failed/assets", "Authorization", admin).json().path("assets")).isEmpty();
  }

  @Test
  void aBucketThatIsNotThereStopsTheStartNamingIt(@TempDir Path other) {
    var env = new HashMap<>(s3.env("no-such-bucket"));
    assertThatThrownBy(() -> TestServer.start(other, env)).hasMessageContaining("'no-such-bucket'")
        .hasMessageContaining("does not exist");
  }

  @Test
  void theSameBytesUploadedTwiceAreOneObject() {
    String admin = drop("twice");
    byte[] content = random(50_000, 4);
    String first = upload("twice", admin, "a.bin", content).path("file").path("sha256").asText();
    String second = upload("twice", admin, "b.bin", content).path("file").path("sha256").asText();
    assertThat(second).isEqualTo(first);
    assertThat(s3.keys(BUCKET, "blobs/")).filteredOn(k -> k.endsWith(first)).hasSize(1);
  }

}
