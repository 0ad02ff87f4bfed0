package dev.livedrop.loadgen.scenario;

import dev.livedrop.loadgen.Options;

/** The scenario the command line names, with its options read and checked. */
public final class Scenarios {
  private Scenarios() {}

  /** Throws {@link Options.BadOption} for an unknown scenario or an option of the wrong shape. */
  public static Scenario from(Options o) {
    return switch (o.scenario) {
      case "sessions" -> new SessionsScenario(o);
      case "fanout" -> new FanoutScenario(o, false);
      case "many-rooms" -> new FanoutScenario(o, true);
      case "drop" -> new DropScenario(o);
      default -> throw new Options.BadOption("unknown scenario '" + o.scenario + "': sessions, fanout, many-rooms or drop");
    };
  }
}
