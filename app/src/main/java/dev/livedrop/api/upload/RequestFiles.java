package dev.livedrop.api.upload;

import dev.livedrop.api.upload.StagingWriter.Staged;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The files one upload request is receiving, tied to the request's fate. Its failure (a broken
 * chunk, a connection closed mid-body) can come while it is still paused for admission, before
 * any transfer listens: it is kept, and every file, present or later, is cancelled with it, so
 * none leaves a staging file behind. Used on the request's event loop only.
 */
public final class RequestFiles {
  private final List<Receiving> files = new ArrayList<>();
  private IncompleteBody failure;
  private boolean ended;
  private Runnable onFailure = () -> {};

  private RequestFiles() {}

  /** Starts watching {@code req}; call it before anything can fail, when the request arrives. */
  public static RequestFiles watch(HttpServerRequest req) {
    var files = new RequestFiles();
    req.exceptionHandler(files::fail);
    // Once the whole body is in, a close only loses the answer: the files are still stored.
    req.response().closeHandler(v -> {
      if (!req.isEnded()) files.fail(new HttpClosedException("connection closed"));
    });
    return files;
  }

  /** Takes one more file of this request; it is cancelled at once if the request has already failed. */
  public Future<Staged> add(Receiving file) {
    files.add(file);
    if (failure != null) file.cancel(failure);
    if (ended) file.inputEnded();
    return file.result();
  }

  /** The request failed: every file stops, with its staging file deleted. */
  public void fail(Throwable cause) {
    boolean first = failure == null;
    if (first) failure = IncompleteBody.of(cause);
    for (Receiving f : files) f.cancel(failure);
    if (first) onFailure.run();
  }

  /** What to do once when the request fails (after every file is cancelled). */
  public void onFailure(Runnable action) {
    onFailure = action;
  }

  /** The request has ended: a file whose source then never ends was cut short. */
  public void inputEnded() {
    ended = true;
    for (Receiving f : files) f.inputEnded();
  }

  /** Why the request failed, or null. */
  public IncompleteBody failure() {
    return failure;
  }
}
