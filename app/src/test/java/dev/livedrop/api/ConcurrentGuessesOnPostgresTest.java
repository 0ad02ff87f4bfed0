package dev.livedrop.api;

import dev.livedrop.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Every rule of {@link ConcurrentGuessesTest}, with the throttle in PostgreSQL's secret_attempts. */
class ConcurrentGuessesOnPostgresTest extends ConcurrentGuessesTest {
  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startOnPostgres(data, Map.of("LIVEDROP_PASSWORD_ATTEMPTS", String.valueOf(LIMIT),
        "LIVEDROP_PASSWORD_ATTEMPT_WINDOW", "1m"));
  }
}
