package dev.livedrop.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (JDBC, password hashing, file system) on Vert.x's worker pool, never on the
 * event loop. Unordered: requests from one connection need not wait for each other's queries.
 */
public final class Blocking {
  private final Vertx vertx;

  public Blocking(Vertx vertx) {
    this.vertx = vertx;
  }

  public <T> Future<T> run(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
