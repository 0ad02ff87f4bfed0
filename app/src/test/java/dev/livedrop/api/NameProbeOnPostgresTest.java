package dev.livedrop.api;

import dev.livedrop.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Every rule of {@link NameProbeTest}, with the misses counted in PostgreSQL's name_probes. */
class NameProbeOnPostgresTest extends NameProbeTest {
  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startOnPostgres(data, Map.of("LIVEDROP_NAME_PROBES", String.valueOf(PROBES),
        "LIVEDROP_NAME_PROBE_WINDOW", "1h"));
    knownAdminToken = server.api.createDrop("{\"name\":\"known\"}").path("adminToken").asText();
    secretAdminToken = server.api.createDrop("{\"name\":\"secret\",\"password\":\"open sesame\"}")
        .path("adminToken").asText();
  }
}
