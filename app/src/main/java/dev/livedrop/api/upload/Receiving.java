package dev.livedrop.api.upload;

import dev.livedrop.api.upload.StagingWriter.Staged;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One file being received into staging: its outcome, and what the caller may learn of its source
 * before the transfer does — that the request failed ({@link #cancel}) or that the request has
 * ended, so the source holds all it will ever deliver ({@link #inputEnded}). Either may come
 * while the staging file is still being opened; the transfer acts on it once it exists. Used on
 * the request's event loop only.
 */
public final class Receiving {
  /** The transfer's side. */
  interface Transfer {
    void start();

    /** Fails the transfer and deletes its staging file (after whatever its lanes still hold). */
    void abort(Throwable cause);

    /** Nothing beyond what the source buffers will come: if that does not end the file, it fails. */
    void inputEnded();
  }

  private final Promise<Staged> promise = Promise.promise();
  private Transfer transfer;
  private Throwable cancelled;
  private boolean inputEnded;

  public Future<Staged> result() {
    return promise.future();
  }

  /** Stops the file: it fails with {@code cause} and nothing of it stays. A no-op once it has its outcome. */
  public void cancel(Throwable cause) {
    if (cancelled != null || promise.future().isComplete()) return;
    cancelled = cause;
    if (transfer != null) transfer.abort(cause);
  }

  /** The request carrying this file has ended (multipart: the body's last byte was parsed). */
  public void inputEnded() {
    if (inputEnded) return;
    inputEnded = true;
    if (transfer != null) transfer.inputEnded();
  }

  Promise<Staged> promise() {
    return promise;
  }

  /** The staging file is open: the transfer starts, or ends at once if the file was cancelled meanwhile. */
  void attach(Transfer t) {
    transfer = t;
    if (cancelled != null) {
      t.abort(cancelled);
      return;
    }
    t.start();
    if (inputEnded) t.inputEnded();
  }
}
