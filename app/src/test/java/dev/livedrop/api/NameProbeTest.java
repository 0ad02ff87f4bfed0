package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Api;
import dev.livedrop.support.TestServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing drop names is slowed per client address: each 404 for a drop that does not exist
 * spends one of LIVEDROP_NAME_PROBES misses; a client with none left gets 429 for every drop it
 * holds no token for, so the answer no longer tells which names exist.
 */
class NameProbeTest {
  static final int PROBES = 10;
  @TempDir static Path data;
  static TestServer server;
  static String knownAdminToken;
  static String secretAdminToken;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_NAME_PROBES", String.valueOf(PROBES),
        "LIVEDROP_NAME_PROBE_WINDOW", "1h"));
    knownAdminToken = server.api.createDrop("{\"name\":\"known\"}").path("adminToken").asText();
    secretAdminToken = server.api.createDrop("{\"name\":\"secret\",\"password\":\"open sesame\"}")
        .path("adminToken").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A client of its own: connections from another loopback address. */
  static Api clientFrom(String address) throws Exception {
    return new Api(server.base(), InetAddress.getByName(address));
  }

  @Test
  void openingExistingDropsNeverSpendsAMiss() throws Exception {
    Api reader = clientFrom("127.0.0.5");
    for (int i = 0; i < PROBES * 5; i++) {
      assertThat(reader.get("/api/v1/drops/known").status()).isEqualTo(200);
      assertThat(reader.get("/api/v1/drops/secret").status()).isEqualTo(401);
      assertThat(reader.get("/api/v1/drops/known/assets/no-such-asset/content").status()).isEqualTo(404);
    }
    assertThat(reader.get("/api/v1/drops/not-there").status()).isEqualTo(404);
  }

  @Test
  void probingUnknownNamesGets429AndTheAnswerStopsTellingNamesApart() throws Exception {
    Api prober = clientFrom("127.0.0.3");
    int notFound = 0;
    Api.Res refused = null;
    for (int i = 0; i < 100 && refused == null; i++) {
      var r = prober.get("/api/v1/drops/guess-" + i);
      if (r.status() == 404) notFound++;
      else refused = r;
    }
    assertThat(notFound).isEqualTo(PROBES);
    assertThat(refused).isNotNull();
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.problem()).isEqualTo("too-many-requests");
    long retry = refused.json().path("retryAfterSeconds").asLong();
    assertThat(retry).isPositive();
    assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(retry));

    // Existing or not, open or private: without a token the prober learns nothing more.
    assertThat(prober.get("/api/v1/drops/known").status()).isEqualTo(429);
    assertThat(prober.get("/api/v1/drops/secret").status()).isEqualTo(429);
    assertThat(prober.postJson("/api/v1/drops/secret/access", "{\"password\":\"guess\"}").status()).isEqualTo(429);
    assertThat(prober.get("/api/v1/drops/another-guess/download.zip").status()).isEqualTo(429);
    assertThat(prober.get("/api/v1/drops/secret", "Authorization", bearer("forged")).status()).isEqualTo(429);
    // A token for one drop does not open the answers about another name.
    assertThat(prober.get("/api/v1/drops/secret", "Authorization", bearer(knownAdminToken)).status()).isEqualTo(429);

    // Someone holding a token for a drop still gets it, from the same address.
    assertThat(prober.get("/api/v1/drops/known", "Authorization", bearer(knownAdminToken)).status()).isEqualTo(200);
    var viaCookie = server.api.postJson("/api/v1/drops/secret/access", "{\"password\":\"open sesame\"}");
    String cookie = viaCookie.raw().headers().allValues("Set-Cookie").stream()
        .filter(c -> c.contains("Path=/api/v1/drops/secret")).findFirst().orElseThrow().split(";", 2)[0];
    assertThat(prober.get("/api/v1/drops/secret", "Cookie", cookie).status()).isEqualTo(200);
    assertThat(prober.get("/api/v1/drops/secret/assets", "Authorization", bearer(secretAdminToken)).status()).isEqualTo(200);

    // Another client is not affected.
    Api other = clientFrom("127.0.0.4");
    assertThat(other.get("/api/v1/drops/guess-0").status()).isEqualTo(404);
    assertThat(other.get("/api/v1/drops/known").status()).isEqualTo(200);
    assertThat(other.get("/api/v1/drops/secret").status()).isEqualTo(401);
  }
}
