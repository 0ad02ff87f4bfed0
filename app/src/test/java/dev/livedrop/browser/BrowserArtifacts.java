package dev.livedrop.browser;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * On a failed test, saves a screenshot and the console of every open browser into
 * {@code target/browser/} before the test's {@code @AfterEach} closes them.
 */
public final class BrowserArtifacts implements AfterTestExecutionCallback {
  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) return;
    String label = "FAILED-" + context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    for (Browser b : Browser.openByName().values()) {
      try {
        System.err.println("browser artifacts: " + b.capture(label).toAbsolutePath());
      } catch (RuntimeException e) {
        System.err.println("browser artifacts: could not capture " + b.name() + ": " + e);
      }
    }
  }
}
