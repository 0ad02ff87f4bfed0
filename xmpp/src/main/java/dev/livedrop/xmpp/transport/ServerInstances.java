package dev.livedrop.xmpp.transport;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Listens with one instance of a server per event loop. A Vert.x server keeps every connection it
 * accepts on the event loop it was started on, so a single instance puts all sessions on one loop
 * (one core) however many the machine has. Instances listening on the same address share the
 * socket and Vert.x hands accepted connections to them in turn, so n instances on n loops spread
 * the connections evenly.
 */
public final class ServerInstances {
  private ServerInstances() {}

  /**
   * Starts {@code instances} servers on {@code host}:{@code port}, each on its own event loop.
   * Port 0 asks the system for a free port first: Vert.x shares a socket between servers only when
   * they name the same port, and a port-0 server is never shared.
   *
   * @param what names the server in the error if it cannot listen ("HTTP cannot listen on
   *     0.0.0.0:8080: ... Address already in use"), the one line a user sees at start
   * @param listen starts one server on the given port, from the event loop it is called on
   */
  public static <S> Future<List<S>> listen(Vertx vertx, String what, int instances, String host, int port,
      IntFunction<Future<S>> listen) {
    int bound;
    try {
      bound = port != 0 ? port : freePort(host);
    } catch (IOException e) {
      return Future.failedFuture(cannotListen(what, host, port, e));
    }
    List<Future<S>> started = new ArrayList<>(instances);
    for (int i = 0; i < instances; i++) started.add(onOwnLoop(vertx, () -> listen.apply(bound)));
    return Future.all(started).<List<S>>map(all -> all.list())
        .recover(e -> Future.failedFuture(cannotListen(what, host, port, e)));
  }

  private static IOException cannotListen(String what, String host, int port, Throwable cause) {
    return new IOException(what + " cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
  }

  private static int freePort(String host) throws IOException {
    try (var probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }

  /** Runs {@code start} on a fresh event-loop context: a deployment is Vert.x's public way to get one. */
  private static <S> Future<S> onOwnLoop(Vertx vertx, Supplier<Future<S>> start) {
    var started = new AtomicReference<S>();
    Deployable instance = context -> start.get().onSuccess(started::set);
    return vertx.deployVerticle(instance).map(id -> started.get());
  }
}
