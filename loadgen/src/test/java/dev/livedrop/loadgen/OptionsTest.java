package dev.livedrop.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Options parse to their types, and a value of the wrong shape says which option and what it wants. */
class OptionsTest {
  private static Options of(String... args) {
    return new Options(args);
  }

  @Test
  void valuesParseToTheirTypesAndAbsentOnesTakeTheDefault() {
    Options o = of("fanout", "--occupants", "5_000", "--rate", "20.5", "--duration", "1.5s", "--warmup", "250ms",
        "--setup-timeout", "2m", "--tcp", "127.0.0.1:5222", "--json");
    assertThat(o.scenario).isEqualTo("fanout");
    assertThat(o.integer("occupants", 1)).isEqualTo(5000);
    assertThat(o.number("rate", 1)).isEqualTo(20.5);
    assertThat(o.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.duration("warmup", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    assertThat(o.duration("setup-timeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.hostPort("tcp", "x:1")).containsExactly("127.0.0.1", "5222");
    assertThat(o.integer("talkers", 10)).isEqualTo(10);
    assertThat(o.hostPort("other", "localhost:5222")).containsExactly("localhost", "5222");
    assertThat(o.string("json", null)).isEqualTo("true");
    assertThat(o.choice("transport", "ws", "tcp", "ws", "bosh")).isEqualTo("ws");
  }

  @Test
  void aValueOfTheWrongShapeNamesTheOptionAndWhatItExpects() {
    Options o = of("fanout", "--duration", "soon", "--occupants", "many", "--rate", "fast", "--tcp", "localhost",
        "--server-pid", "1.5", "--warmup", "5h", "--transport", "pigeon");
    assertThatThrownBy(() -> o.duration("duration", Duration.ZERO)).isInstanceOf(Options.BadOption.class)
        .hasMessage("--duration 'soon' is not a duration such as 30s, 2m or 500ms");
    assertThatThrownBy(() -> o.duration("warmup", Duration.ZERO)).isInstanceOf(Options.BadOption.class)
        .hasMessageStartingWith("--warmup '5h'");
    assertThatThrownBy(() -> o.integer("occupants", 1)).isInstanceOf(Options.BadOption.class)
        .hasMessage("--occupants 'many' is not a whole number");
    assertThatThrownBy(() -> o.number("rate", 1)).isInstanceOf(Options.BadOption.class)
        .hasMessage("--rate 'fast' is not a number");
    assertThatThrownBy(() -> o.hostPort("tcp", "x:1")).isInstanceOf(Options.BadOption.class)
        .hasMessage("--tcp 'localhost' is not host:port");
    assertThatThrownBy(() -> o.longValue("server-pid", -1)).isInstanceOf(Options.BadOption.class)
        .hasMessage("--server-pid '1.5' is not a whole number");
    assertThatThrownBy(() -> o.choice("transport", "ws", "tcp", "ws", "bosh")).isInstanceOf(Options.BadOption.class)
        .hasMessage("--transport 'pigeon' is not one of tcp, ws, bosh");
  }
}
