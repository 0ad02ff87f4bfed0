package dev.livedrop.api;

import dev.livedrop.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Every rule of {@link AccessTest}, with the metadata in PostgreSQL. */
class AccessOnPostgresTest extends AccessTest {
  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startOnPostgres(data, Map.of("LIVEDROP_PASSWORD_ATTEMPTS", "3", "LIVEDROP_PASSWORD_ATTEMPT_WINDOW", "10m"));
  }
}
