package dev.livedrop.loadgen.scenario;

import dev.livedrop.loadgen.report.ServerProbe;
import java.util.Map;

/**
 * One load shape, built from its options ({@link Scenarios#from}): it reads and checks every one of
 * them when it is made, so a bad option stops the run before anything connects or warms up. Runs
 * to completion and returns its figures, in print order.
 */
public interface Scenario {
  Map<String, Object> run(Harness harness, ServerProbe probe) throws Exception;
}
