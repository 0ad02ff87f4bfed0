package dev.livedrop.api;

import dev.livedrop.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Every rule of {@link UploadTest}, with the metadata in PostgreSQL. */
class UploadOnPostgresTest extends UploadTest {
  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startOnPostgres(data, Map.of("LIVEDROP_MAX_FILE_SIZE", "1M"));
  }
}
