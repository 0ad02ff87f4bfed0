package dev.livedrop.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking OutputStream onto a Vert.x response, for a worker thread that produces a body with a
 * java.io API (a zip). It waits while the response's write queue is full, so a slow client slows
 * the producer instead of filling the heap, and fails once the client has gone.
 */
final class ResponseOutputStream extends OutputStream {
  private static final long STALL_LIMIT_SECONDS = 120;
  private final HttpServerResponse response;
  private volatile boolean closedByPeer;

  ResponseOutputStream(HttpServerResponse response) {
    this.response = response;
    response.closeHandler(v -> closedByPeer = true);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closedByPeer) throw new IOException("client closed the connection");
    if (len == 0) return;
    response.write(Buffer.buffer(java.util.Arrays.copyOfRange(b, off, off + len)));
    awaitRoom();
  }

  private void awaitRoom() throws IOException {
    if (!response.writeQueueFull()) return;
    var drained = new CompletableFuture<Void>();
    response.drainHandler(v -> drained.complete(null));
    // The queue may have drained between the check and setting the handler.
    if (!response.writeQueueFull() || closedByPeer) drained.complete(null);
    try {
      drained.get(STALL_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    } catch (TimeoutException e) {
      throw new IOException("client stopped reading for " + STALL_LIMIT_SECONDS + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    }
    if (closedByPeer) throw new IOException("client closed the connection");
  }

  @Override
  public void close() {
    if (!closedByPeer) response.end();
  }
}
