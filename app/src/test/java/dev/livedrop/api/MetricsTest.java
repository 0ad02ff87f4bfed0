package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What /metrics tells an operator, scraped from a real server after real traffic. */
class MetricsTest {
  @TempDir Path data;

  @Test
  void requestsAreLabelledByRouteTemplateNotByTheirPath() throws Exception {
    try (var server = TestServer.start(data)) {
      // Drop names that look like the API's own words, to catch a template matched by accident.
      for (String name : new String[] {"secret-project-x", "files", "content"}) {
        String admin = bearer(server.api.createDrop("{\"name\":\"" + name + "\"}").path("adminToken").asText());
        var up = server.api.putFile(name, "a.txt", "hello".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
        assertThat(up.status()).isEqualTo(201);
        String id = up.json().path("assets").get(0).path("id").asText();
        assertThat(server.api.get("/api/v1/drops/" + name + "/assets/" + id + "/content", "Authorization", admin).status())
            .isEqualTo(200);
      }
      assertThat(server.api.get("/api/v1/no/such/thing").status()).isEqualTo(404);
      assertThat(server.api.get("/d/secret-project-x").status()).isEqualTo(server.api.get("/").status());

      String scrape = server.api.get("/metrics").text();
      var routes = Arrays.stream(scrape.split("\n"))
          .filter(l -> l.startsWith("http_server_requests_seconds_count"))
          .map(l -> l.replaceAll(".*route=\"([^\"]*)\".*", "$1")).distinct().toList();
      assertThat(routes).contains("/api/v1/drops", "/api/v1/drops/:name/files",
          "/api/v1/drops/:name/assets/:id/content", "/d/:name", "unmatched");
      assertThat(scrape).doesNotContain("secret-project-x").doesNotContain("route=\"/api/v1/\"");
      assertThat(routes).noneMatch(r -> r.contains("/files/files") || r.startsWith("/api/v1/:"));
    }
  }

  @Test
  void theXmppServerIsOnMetricsWithItsSessionsRoomsAndStanzas() throws Exception {
    try (var server = TestServer.start(data)) {
      String admin = bearer(server.api.createDrop("{\"name\":\"watched\"}").path("adminToken").asText());
      var session = server.api.postJson("/api/v1/drops/watched/session", "", "Authorization", admin).json();
      try (var viewer = dev.livedrop.support.LiveViewer.join(session)) {
        viewer.room.sendMessage("hello metrics");
        String scrape = "";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
          scrape = server.api.get("/metrics").text();
          if (value(scrape, "livedrop_xmpp_stanzas_total{direction=\"in\"}") >= 1) break;
          Thread.sleep(50);
        }
        assertThat(value(scrape, "livedrop_xmpp_sessions{transport=\"tcp\"}")).isEqualTo(1);
        assertThat(value(scrape, "livedrop_xmpp_sessions{transport=\"bosh\"}")).isZero();
        assertThat(value(scrape, "livedrop_xmpp_rooms")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "livedrop_xmpp_occupants")).isGreaterThanOrEqualTo(2); // the viewer and the room's service
        assertThat(value(scrape, "livedrop_xmpp_stanzas_total{direction=\"in\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "livedrop_xmpp_stanzas_total{direction=\"out\"}")).isGreaterThanOrEqualTo(1);
        assertThat(scrape).contains("livedrop_xmpp_slow_reader_disconnects_total");
      }
    }
  }

  /** The value of the series named exactly {@code series} (name and labels as scraped). */
  private static double value(String scrape, String series) {
    return Arrays.stream(scrape.split("\n")).filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst().orElse(Double.NaN);
  }
}
