package dev.livedrop.api;

import dev.livedrop.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Every rule of {@link NotesLinksCommentsTest}, with the metadata in PostgreSQL. */
class NotesLinksCommentsOnPostgresTest extends NotesLinksCommentsTest {
  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startOnPostgres(data, Map.of("LIVEDROP_MAX_NOTE_LENGTH", "100"));
  }
}
