package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads: ranges, validators, safe serving of active content, and the streamed zip. */
class DownloadTest {
  @TempDir static Path data;
  static TestServer server;
  static String admin;
  static byte[] content = new byte[10_000];
  static String id;
  static String sha;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data);
    admin = bearer(server.api.createDrop("{\"name\":\"downloads\"}").path("adminToken").asText());
    new Random(3).nextBytes(content);
    JsonNode a = upload("data.bin", content);
    id = a.path("id").asText();
    sha = a.path("file").path("sha256").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode upload(String name, byte[] bytes) {
    var r = server.api.putFile("downloads", URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"), bytes,
        "Authorization", admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("assets").get(0);
  }

  static String path(String assetId) {
    return "/api/v1/drops/downloads/assets/" + assetId + "/content";
  }

  @Test
  void wholeContentWithItsHashAsETag() {
    var r = server.api.get(path(id), "Authorization", admin);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bytes()).isEqualTo(content);
    assertThat(r.header("ETag")).isEqualTo("\"" + sha + "\"");
    assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void singleRangeIs206WithExactlyThoseBytes() {
    var r = server.api.get(path(id), "Authorization", admin, "Range", "bytes=10-19");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.bytes()).isEqualTo(Arrays.copyOfRange(content, 10, 20));
    assertThat(r.header("Content-Range")).isEqualTo("bytes 10-19/10000");
  }

  @Test
  void suffixAndOpenRanges() {
    var suffix = server.api.get(path(id), "Authorization", admin, "Range", "bytes=-5");
    assertThat(suffix.bytes()).isEqualTo(Arrays.copyOfRange(content, 9995, 10000));
    var open = server.api.get(path(id), "Authorization", admin, "Range", "bytes=9990-");
    assertThat(open.status()).isEqualTo(206);
    assertThat(open.bytes()).isEqualTo(Arrays.copyOfRange(content, 9990, 10000));
  }

  @Test
  void rangePastTheEndIs416() {
    var r = server.api.get(path(id), "Authorization", admin, "Range", "bytes=10000-");
    assertThat(r.status()).isEqualTo(416);
    assertThat(r.header("Content-Range")).isEqualTo("bytes */10000");
  }

  @Test
  void severalRangesAreServedWhole() {
    var r = server.api.get(path(id), "Authorization", admin, "Range", "bytes=0-1,5-6");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bytes()).hasSize(10_000);
  }

  @Test
  void matchingIfNoneMatchIs304() {
    var r = server.api.get(path(id), "Authorization", admin, "If-None-Match", "\"" + sha + "\"");
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.bytes()).isEmpty();
  }

  @Test
  void ifRangeHonoursTheRangeOnlyForTheSameContent() {
    var stale = server.api.get(path(id), "Authorization", admin, "Range", "bytes=0-9", "If-Range", "\"other\"");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.bytes()).hasSize(10_000);
    var fresh = server.api.get(path(id), "Authorization", admin, "Range", "bytes=0-9", "If-Range", "\"" + sha + "\"");
    assertThat(fresh.status()).isEqualTo(206);
  }

  @Test
  void headGivesHeadersWithoutBody() {
    var r = server.api.send(server.api.request(path(id)).header("Authorization", admin)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Length")).isEqualTo("10000");
    assertThat(r.bytes()).isEmpty();
  }

  @Test
  void imagesAreInline() throws Exception {
    var img = new java.awt.image.BufferedImage(3, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var png = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", png);
    var a = upload("pic.png", png.toByteArray());
    var r = server.api.get(path(a.path("id").asText()), "Authorization", admin);
    assertThat(r.header("Content-Type")).isEqualTo("image/png");
    assertThat(r.header("Content-Disposition")).startsWith("inline;");
    var forced = server.api.get(path(a.path("id").asText()) + "?download=1", "Authorization", admin);
    assertThat(forced.header("Content-Disposition")).startsWith("attachment;");
  }

  @Test
  void svgWithScriptIsAnAttachmentInASandboxAndItsNameIsSafe() {
    var a = upload("<img src=x onerror=alert(1)>.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8));
    assertThat(a.path("name").asText()).doesNotContain("<").doesNotContain(">");
    assertThat(a.path("file").path("originalName").asText()).isEqualTo("<img src=x onerror=alert(1)>.svg");
    assertThat(a.path("file").path("mediaType").asText()).isEqualTo("image/svg+xml");
    var r = server.api.get(path(a.path("id").asText()), "Authorization", admin);
    assertThat(r.header("Content-Disposition")).startsWith("attachment;");
    assertThat(r.header("Content-Security-Policy")).contains("sandbox");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void htmlDisguisedAsTextIsDetectedFromItsContentAndNotServedInline() {
    var a = upload("report.txt", "<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8));
    assertThat(a.path("file").path("mediaType").asText()).isEqualTo("text/html");
    var r = server.api.get(path(a.path("id").asText()), "Authorization", admin);
    assertThat(r.header("Content-Disposition")).startsWith("attachment;");
    assertThat(r.header("Content-Security-Policy")).contains("sandbox");
  }

  @Test
  void nonAsciiNamesUseRfc8187() {
    var a = upload("résumé.bin", new byte[] {1, 2, 3});
    var r = server.api.get(path(a.path("id").asText()), "Authorization", admin);
    assertThat(r.header("Content-Disposition")).contains("filename*=UTF-8''r%C3%A9sum%C3%A9.bin");
  }

  @Test
  void aNoteHasNoContent() {
    var note = server.api.postJson("/api/v1/drops/downloads/assets", "{\"kind\":\"note\",\"text\":\"hi\"}", "Authorization", admin);
    var r = server.api.get(path(note.json().path("id").asText()), "Authorization", admin);
    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void zipHoldsEveryFileOnceWithUniqueNamesAndNoNotes() throws Exception {
    String admin2 = bearer(server.api.createDrop("{\"name\":\"zipped\"}").path("adminToken").asText());
    byte[] one = "first a".getBytes(StandardCharsets.UTF_8);
    byte[] two = "second a".getBytes(StandardCharsets.UTF_8);
    byte[] big = new byte[300_000];
    new Random(9).nextBytes(big);
    server.api.putFile("zipped", "a.txt", one, "Authorization", admin2);
    server.api.putFile("zipped", "a.txt", two, "Authorization", admin2);
    server.api.putFile("zipped", "big.bin", big, "Authorization", admin2);
    server.api.postJson("/api/v1/drops/zipped/assets", "{\"kind\":\"note\",\"text\":\"not a file\"}", "Authorization", admin2);
    var r = server.api.get("/api/v1/drops/zipped/download.zip", "Authorization", admin2);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/zip");
    Map<String, byte[]> entries = unzip(r.bytes());
    assertThat(entries.keySet()).containsExactly("a.txt", "a (2).txt", "big.bin");
    assertThat(entries.get("a.txt")).isEqualTo(one);
    assertThat(entries.get("a (2).txt")).isEqualTo(two);
    assertThat(entries.get("big.bin")).isEqualTo(big);
  }

  @Test
  void emptyDropGivesAValidEmptyZip() throws Exception {
    String admin3 = bearer(server.api.createDrop("{\"name\":\"empty-zip\"}").path("adminToken").asText());
    var r = server.api.get("/api/v1/drops/empty-zip/download.zip", "Authorization", admin3);
    assertThat(r.status()).isEqualTo(200);
    assertThat(unzip(r.bytes())).isEmpty();
  }

  static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    var out = new LinkedHashMap<String, byte[]>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) out.put(e.getName(), in.readAllBytes());
    }
    return out;
  }
}
