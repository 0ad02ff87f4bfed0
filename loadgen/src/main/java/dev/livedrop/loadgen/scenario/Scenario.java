package dev.livedrop.loadgen.scenario;

import dev.livedrop.loadgen.Options;
import dev.livedrop.loadgen.report.ServerProbe;
import java.util.Map;

/** One load shape: runs to completion and returns its figures, in print order. */
public interface Scenario {
  Map<String, Object> run(Harness harness, Options options, ServerProbe probe) throws Exception;
}
