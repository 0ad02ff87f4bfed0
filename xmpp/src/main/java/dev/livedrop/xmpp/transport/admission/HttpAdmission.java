package dev.livedrop.xmpp.transport.admission;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP server's side of {@link ConnectionAdmission} (web UI, REST API, BOSH and WebSocket share
 * it): a connection past the limits is closed as soon as it is accepted, and one that has not sent
 * a whole request head within {@link ConnectionLimits#firstRequestTimeout()} is closed then, rather
 * than after the 300 s idle timeout. Vert.x has no setting for that deadline, hence the timer.
 * A plain close, not a 503: no request has been read yet to answer.
 *
 * <p>Vert.x calls the connection handler at accept only for HTTP/1.x without h2c detection
 * (decision 0015); with h2c on, it waits for the first bytes, and a silent connection is never seen.
 */
public final class HttpAdmission {
  private final Vertx vertx;
  private final ConnectionAdmission admission;
  /** Connections still waiting for their first request, with their deadline's timer. */
  private final Map<HttpConnection, Long> awaitingRequest = new ConcurrentHashMap<>();

  public HttpAdmission(Vertx vertx, ConnectionAdmission admission) {
    this.vertx = vertx;
    this.admission = admission;
  }

  /** Guards {@code server}, whose requests go to {@code requests}; returns the server to listen with. */
  public HttpServer guard(HttpServer server, Handler<HttpServerRequest> requests) {
    long deadline = admission.limits().firstRequestTimeout().toMillis();
    server.connectionHandler(connection -> {
      var channel = ((ConnectionBase) connection).channel();
      if (admission.admit(channel) != null) {
        connection.close();
        return;
      }
      if (deadline > 0) {
        awaitingRequest.put(connection, vertx.setTimer(deadline, t -> {
          if (awaitingRequest.remove(connection) != null) connection.close();
        }));
        channel.closeFuture().addListener(f -> cancel(connection));
      }
    });
    if (deadline <= 0) return server.requestHandler(requests);
    return server.requestHandler(request -> {
      cancel(request.connection());
      requests.handle(request);
    });
  }

  private void cancel(HttpConnection connection) {
    Long timer = awaitingRequest.remove(connection);
    if (timer != null) vertx.cancelTimer(timer);
  }
}
