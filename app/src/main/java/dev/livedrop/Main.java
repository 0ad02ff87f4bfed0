package dev.livedrop;

import dev.livedrop.config.LivedropConfig;
import dev.livedrop.runtime.ThreadNice;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar livedrop.jar}: the server, configured by environment variables; {@code java -jar
 * livedrop.jar admin …}: the operator's commands ({@link dev.livedrop.admin.Admin}).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("admin")) {
      System.exit(dev.livedrop.admin.Admin.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
          System.out, System.err));
      return;
    }
    LivedropConfig config;
    try {
      config = LivedropConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("livedrop: " + e.getMessage());
      System.exit(2);
      return;
    }
    LivedropApp app;
    try {
      app = LivedropApp.start(config);
    } catch (Exception e) {
      // One line a user can act on ("HTTP cannot listen on 0.0.0.0:8080: Address already in use");
      // the trace is in the log at debug level.
      System.err.println("livedrop: could not start: " + e.getMessage());
      log.debug("start failed", e);
      System.exit(1);
      return;
    }
    if (config.jitNice() > 0) {
      // Only in the server's own process: the JIT of a test JVM or an embedding program is theirs.
      int lowered = ThreadNice.lower(ThreadNice.JIT_COMPILERS, config.jitNice());
      if (lowered > 0) log.info("{} JIT compiler threads run at nice {}", lowered, config.jitNice());
      else log.info("JIT compiler threads keep their priority (needs Linux and renice)");
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
