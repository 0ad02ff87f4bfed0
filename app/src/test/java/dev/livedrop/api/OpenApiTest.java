package dev.livedrop.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livedrop.support.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document served at /api/v1/openapi.json describes every route the code mounts. */
class OpenApiTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servedDocumentIsOpenApi31() {
    var r = server.api.get("/api/v1/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("openapi").asText()).startsWith("3.1");
  }

  /** Every operation the code mounts, as "get /drops/{name}". */
  static List<String> mountedOperations() {
    Blocking blocking = new Blocking(server.app.vertx());
    Router api = HttpApi.apiRouter(server.app.vertx(), server.app.services(), server.app.blobSweeper(), blocking,
        new Viewers(server.app.services().access(), blocking));
    List<String> mounted = new ArrayList<>();
    for (Route route : api.getRoutes()) {
      if (route.getPath() == null || route.methods() == null) continue; // failure handlers
      for (HttpMethod m : route.methods()) {
        mounted.add(m.name().toLowerCase(Locale.ROOT) + " " + route.getPath().replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    return mounted;
  }

  /** Every operation openapi.json documents, in the same form. */
  static List<String> documentedOperations() throws Exception {
    JsonNode paths = new ObjectMapper().readTree(HttpApi.resource("openapi.json").getBytes()).path("paths");
    List<String> documented = new ArrayList<>();
    paths.fieldNames().forEachRemaining(p -> paths.path(p).fieldNames().forEachRemaining(op -> {
      if (List.of("get", "put", "post", "patch", "delete", "head").contains(op)) documented.add(op + " " + p);
    }));
    return documented;
  }

  @Test
  void everyMountedRouteIsDocumented() throws Exception {
    List<String> mounted = mountedOperations();
    assertThat(mounted).hasSizeGreaterThan(15);
    List<String> missing = new ArrayList<>(mounted);
    missing.removeAll(documentedOperations());
    assertThat(missing).as("routes missing from openapi.json").isEmpty();
  }

  @Test
  void everyDocumentedOperationExists() throws Exception {
    List<String> stale = new ArrayList<>(documentedOperations());
    stale.removeAll(mountedOperations());
    assertThat(stale).as("operations documented but not mounted").isEmpty();
  }
}
