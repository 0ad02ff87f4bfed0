package dev.livedrop.api;

import dev.livedrop.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Every rule of {@link DropLifecycleTest}, with the metadata in PostgreSQL. */
class DropLifecycleOnPostgresTest extends DropLifecycleTest {
  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startOnPostgres(data, Map.of("LIVEDROP_MAX_EXPIRY", "1m"));
  }
}
