package dev.livedrop.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.loadgen.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/**
 * A scenario reads and checks all its options when it is made, which Main does before it connects
 * anything or warms up: a bad option costs no warm-up of ten thousand logins first.
 */
class ScenariosTest {
  private static Options of(String... args) {
    return new Options(args);
  }

  @Test
  void everyScenarioIsMadeFromWellFormedOptions() {
    assertThat(Scenarios.from(of("sessions", "--sessions", "10", "--ping", "5s"))).isNotNull();
    assertThat(Scenarios.from(of("fanout", "--occupants", "5000", "--rate", "20"))).isNotNull();
    assertThat(Scenarios.from(of("many-rooms", "--rooms", "100"))).isNotNull();
    assertThat(Scenarios.from(of("drop", "--http", "http://127.0.0.1:8080", "--viewers", "1000"))).isNotNull();
  }

  @Test
  void aBadScenarioOptionIsRefusedWhenTheScenarioIsMade() {
    assertThatThrownBy(() -> Scenarios.from(of("fanout", "--occupants", "many"))).isInstanceOf(Options.BadOption.class)
        .hasMessage("--occupants 'many' is not a whole number");
    assertThatThrownBy(() -> Scenarios.from(of("many-rooms", "--duration", "soon"))).isInstanceOf(Options.BadOption.class)
        .hasMessageStartingWith("--duration 'soon'");
    assertThatThrownBy(() -> Scenarios.from(of("sessions", "--ping", "often"))).isInstanceOf(Options.BadOption.class)
        .hasMessageStartingWith("--ping 'often'");
    assertThatThrownBy(() -> Scenarios.from(of("drop", "--http", "http://127.0.0.1:8080", "--upload-rate", "fast")))
        .isInstanceOf(Options.BadOption.class).hasMessageStartingWith("--upload-rate 'fast'");
  }

  @Test
  void theDropScenarioWithoutLivedropsRestApiAndAnUnknownScenarioAreRefused() {
    assertThatThrownBy(() -> Scenarios.from(of("drop", "--viewers", "10"))).isInstanceOf(Options.BadOption.class)
        .hasMessageContaining("--http");
    assertThatThrownBy(() -> Scenarios.from(of("pigeon"))).isInstanceOf(Options.BadOption.class)
        .hasMessage("unknown scenario 'pigeon': sessions, fanout, many-rooms or drop");
  }
}
