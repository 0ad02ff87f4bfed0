package dev.livedrop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.drops.Expiry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReaderTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    var c = LivedropConfig.from(Map.of());
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(c.maxFileSize()).isEqualTo(4L << 30);
    assertThat(c.maxDropSize()).isEqualTo(10L << 30);
    assertThat(c.maxExpiry()).isEqualTo(Expiry.NEVER);
    assertThat(c.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void eventLoopsMustBeAtLeastOne() {
    assertThat(LivedropConfig.from(Map.of("LIVEDROP_EVENT_LOOPS", "3")).eventLoops()).isEqualTo(3);
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_EVENT_LOOPS", "0")))
        .hasMessageContaining("LIVEDROP_EVENT_LOOPS").hasMessageContaining("at least 1");
  }

  @Test
  void theJitNiceIsAWholeNumberFromZeroTo19() {
    assertThat(LivedropConfig.from(Map.of()).jitNice()).isEqualTo(10);
    assertThat(LivedropConfig.from(Map.of("LIVEDROP_JIT_NICE", "0")).jitNice()).isZero();
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_JIT_NICE", "20")))
        .hasMessageContaining("LIVEDROP_JIT_NICE").hasMessageContaining("from 0 to 19");
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_JIT_NICE", "-5"))).hasMessageContaining("LIVEDROP_JIT_NICE");
  }

  @Test
  void sizesTakeBinaryUnits() {
    assertThat(EnvReader.parseSize("1024")).isEqualTo(1024);
    assertThat(EnvReader.parseSize("512M")).isEqualTo(512L << 20);
    assertThat(EnvReader.parseSize("2g")).isEqualTo(2L << 30);
    assertThat(EnvReader.parseSize("1GiB")).isEqualTo(1L << 30);
  }

  @Test
  void durationsTakeShortFormsAndIso() {
    var c = LivedropConfig.from(Map.of("LIVEDROP_SWEEP_INTERVAL", "5m", "LIVEDROP_GUEST_TOKEN_TTL", "PT2H"));
    assertThat(c.sweepInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.guestTokenTtl()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void publicUrlLosesItsTrailingSlash() {
    assertThat(LivedropConfig.from(Map.of("LIVEDROP_PUBLIC_URL", "https://drop.example/")).publicUrl())
        .isEqualTo("https://drop.example");
  }

  @Test
  void malformedValuesNameTheVariable() {
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_HTTP_PORT", "eighty")))
        .hasMessageContaining("LIVEDROP_HTTP_PORT");
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_MAX_FILE_SIZE", "lots")))
        .hasMessageContaining("LIVEDROP_MAX_FILE_SIZE");
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_MAX_EXPIRY", "2w")))
        .hasMessageContaining("1h");
  }

  @Test
  void connectionLimitsDefaultToTheDocumentedOnesAndTakeCountsOrShares() {
    var d = LivedropConfig.from(Map.of()).connections();
    assertThat(d.maxPerAddress()).isEqualTo(2000);
    assertThat(d.authTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.firstRequestTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.fdReserve().of(4096)).isEqualTo(204);
    var c = LivedropConfig.from(Map.of("LIVEDROP_MAX_CONNECTIONS_PER_ADDRESS", "0", "LIVEDROP_FD_RESERVE", "300",
        "LIVEDROP_XMPP_AUTH_TIMEOUT", "5s"));
    assertThat(c.connections().maxPerAddress()).isZero();
    assertThat(c.connections().fdReserve().of(4096)).isEqualTo(300);
    assertThat(c.connections().authTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(LivedropConfig.from(Map.of("LIVEDROP_FD_RESERVE", "0")).connections().fdReserve().off()).isTrue();
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_FD_RESERVE", "lots")))
        .hasMessageContaining("LIVEDROP_FD_RESERVE").hasMessageContaining("5%");
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_FD_RESERVE", "100%"))).hasMessageContaining("LIVEDROP_FD_RESERVE");
    assertThatThrownBy(() -> LivedropConfig.from(Map.of("LIVEDROP_MAX_CONNECTIONS_PER_ADDRESS", "-1")))
        .hasMessageContaining("LIVEDROP_MAX_CONNECTIONS_PER_ADDRESS");
  }
}
