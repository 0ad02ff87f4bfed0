package dev.livedrop.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The type comes from the content; the name may only narrow it. */
class MediaTypesTest {
  final MediaTypes types = new MediaTypes();

  String detect(byte[] bytes, String name) {
    return types.detect(bytes, bytes.length, name);
  }

  @Test
  void randomBytesStayOctetStreamWhateverTheName() {
    byte[] noise = new byte[4096];
    new Random(2).nextBytes(noise);
    assertThat(detect(noise, "photo.png")).isEqualTo("application/octet-stream");
    assertThat(detect(noise, "page.html")).isEqualTo("application/octet-stream");
  }

  @Test
  void htmlIsHtmlWhateverTheName() {
    assertThat(detect("<html><body>x</body></html>".getBytes(StandardCharsets.UTF_8), "notes.txt")).isEqualTo("text/html");
  }

  @Test
  void plainTextMayBeNarrowedByItsName() {
    assertThat(detect("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "table.csv")).isEqualTo("text/csv");
    assertThat(detect("just words".getBytes(StandardCharsets.UTF_8), "x.bin")).isEqualTo("text/plain");
  }

  @Test
  void activeTypesAreNeverInline() {
    assertThat(MediaTypes.active("image/svg+xml")).isTrue();
    assertThat(MediaTypes.active("text/html; charset=utf-8")).isTrue();
    assertThat(MediaTypes.active("application/atom+xml")).isTrue();
    assertThat(MediaTypes.inline("image/svg+xml")).isFalse();
    assertThat(MediaTypes.inline("image/png")).isTrue();
    assertThat(MediaTypes.inline("application/zip")).isFalse();
  }
}
