package dev.livedrop;

import dev.livedrop.config.LivedropConfig;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar livedrop.jar}: the embedded server, configured by environment variables. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    LivedropConfig config;
    try {
      config = LivedropConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("livedrop: " + e.getMessage());
      System.exit(2);
      return;
    }
    LivedropApp app = LivedropApp.start(config);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
