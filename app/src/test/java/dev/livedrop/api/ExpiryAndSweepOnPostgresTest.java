package dev.livedrop.api;

import dev.livedrop.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** Every rule of {@link ExpiryAndSweepTest}, with the metadata in PostgreSQL. */
class ExpiryAndSweepOnPostgresTest extends ExpiryAndSweepTest {
  @BeforeEach
  @Override
  void start() throws Exception {
    server = TestServer.startOnPostgres(data, Map.of("LIVEDROP_GUEST_TOKEN_TTL", "1h"));
  }
}
