package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired drops answer 410; the sweeper removes their rows and the content nothing else uses. */
class ExpiryAndSweepTest {
  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_GUEST_TOKEN_TTL", "1h"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String dropWithFile(String name, String expiry, String content) {
    String admin = bearer(server.api.createDrop("{\"name\":\"" + name + "\",\"expiry\":\"" + expiry + "\"}").path("adminToken").asText());
    var r = server.api.putFile(name, "f.txt", content.getBytes(StandardCharsets.UTF_8), "Authorization", admin);
    assertThat(r.status()).isEqualTo(201);
    return r.json().path("assets").get(0).path("id").asText();
  }

  @Test
  void expiredDropAnswers410EverywhereThenIsSweptWithItsContent() throws Exception {
    long before = server.blobFiles();
    String id = dropWithFile("short", "1h", "only here");
    assertThat(server.blobFiles()).isEqualTo(before + 1);
    server.clock.advance(Duration.ofHours(2));
    var gone = server.api.get("/api/v1/drops/short");
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.problem()).isEqualTo("drop-expired");
    assertThat(server.api.get("/api/v1/drops/short/assets/" + id + "/content").status()).isEqualTo(410);
    assertThat(server.api.putFile("short", "g.txt", new byte[] {1}).status()).isEqualTo(410);
    var swept = server.app.sweeper().runOnce();
    assertThat(swept.dropsRemoved()).isEqualTo(1);
    assertThat(server.api.get("/api/v1/drops/short").status()).isEqualTo(404);
    assertThat(server.blobFiles()).isEqualTo(before);
  }

  @Test
  void contentSharedWithALiveDropSurvivesTheOthersExpiry() throws Exception {
    dropWithFile("dies", "1h", "shared bytes");
    dropWithFile("lives", "1w", "shared bytes");
    long blobs = server.blobFiles();
    server.clock.advance(Duration.ofHours(2));
    server.app.sweeper().runOnce();
    assertThat(server.blobFiles()).isEqualTo(blobs);
    assertThat(server.api.get("/api/v1/drops/lives").json().path("assets")).hasSize(1);
  }

  @Test
  void deletingAnAssetFreesItsContentOnlyWhenUnused() throws Exception {
    String admin = bearer(server.api.createDrop("{\"name\":\"dedup\"}").path("adminToken").asText());
    String a = server.api.putFile("dedup", "a.txt", "same".getBytes(StandardCharsets.UTF_8), "Authorization", admin).json().path("assets").get(0).path("id").asText();
    String b = server.api.putFile("dedup", "b.txt", "same".getBytes(StandardCharsets.UTF_8), "Authorization", admin).json().path("assets").get(0).path("id").asText();
    long blobs = server.blobFiles();
    server.api.delete("/api/v1/drops/dedup/assets/" + a, "Authorization", admin);
    server.app.sweeper().runOnce();
    assertThat(server.blobFiles()).isEqualTo(blobs);
    assertThat(server.api.get("/api/v1/drops/dedup/assets/" + b + "/content").text()).isEqualTo("same");
    server.api.delete("/api/v1/drops/dedup/assets/" + b, "Authorization", admin);
    server.app.sweeper().runOnce();
    assertThat(server.blobFiles()).isEqualTo(blobs - 1);
  }

  @Test
  void guestTokenPastItsLifetimeIs401Expired() {
    server.api.createDrop("{\"name\":\"long-lived\",\"expiry\":\"never\",\"password\":\"open sesame\"}");
    String token = server.api.postJson("/api/v1/drops/long-lived/access", "{\"password\":\"open sesame\"}").json().path("token").asText();
    assertThat(server.api.get("/api/v1/drops/long-lived", "Authorization", bearer(token)).status()).isEqualTo(200);
    server.clock.advance(Duration.ofHours(2));
    var r = server.api.get("/api/v1/drops/long-lived", "Authorization", bearer(token));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("token").asText()).isEqualTo("expired");
  }
}
