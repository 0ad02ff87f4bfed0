package dev.livedrop.api;

import dev.livedrop.api.upload.IncompleteBody;
import dev.livedrop.api.upload.RequestFiles;
import dev.livedrop.api.upload.StagingWriter;
import dev.livedrop.api.upload.StagingWriter.Staged;
import dev.livedrop.api.upload.UploadBudget;
import dev.livedrop.drops.Asset;
import dev.livedrop.drops.DropException;
import dev.livedrop.drops.NewFile;
import dev.livedrop.drops.TextRules;
import dev.livedrop.drops.Viewer;
import dev.livedrop.sweeper.BlobSweeper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File uploads to {@code /drops/{name}/files}: {@code multipart/form-data} with one or many files,
 * or a raw body ({@code POST} or {@code PUT}) named by {@code X-File-Name}. A request's files are
 * added together or not at all; nothing of a failed upload stays behind.
 */
final class UploadRoutes {
  static final String FILE_NAME_HEADER = "X-File-Name";
  static final String DESCRIPTION_HEADER = "X-Description";
  private static final Pattern DISPOSITION_NAME_STAR = Pattern.compile("filename\\*\\s*=\\s*UTF-8''([^;\\s]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DISPOSITION_NAME = Pattern.compile("filename\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.CASE_INSENSITIVE);

  private final Vertx vertx;
  private final Services s;
  private final Viewers viewers;
  private final Blocking blocking;
  private final StagingWriter staging;
  private final BlobSweeper sweeper;

  UploadRoutes(Vertx vertx, Services s, Viewers viewers, Blocking blocking, BlobSweeper sweeper) {
    this.vertx = vertx;
    this.s = s;
    this.viewers = viewers;
    this.blocking = blocking;
    this.staging = new StagingWriter(vertx, s.blobs());
    this.sweeper = sweeper;
  }

  void mount(Router api) {
    api.post("/drops/:name/files").handler(this::upload);
    api.put("/drops/:name/files").handler(this::upload);
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    // Nothing of the body may be read before we know the caller may upload and how much.
    req.pause();
    // From the first moment: a body that breaks while we admit the caller must still be noticed.
    RequestFiles files = RequestFiles.watch(req);
    boolean multipart = isMultipart(req.getHeader("Content-Type"));
    viewers.of(ctx)
        .compose(v -> blocking.run(() -> s.assets().allowance(v)).map(a -> new Admitted(v, new UploadBudget(a))))
        .onSuccess(admitted -> {
          if (files.failure() != null) {
            refuse(ctx, files.failure());
            return;
          }
          try {
            if (multipart) {
              receiveMultipart(ctx, admitted, files);
            } else {
              receiveRaw(ctx, admitted, files);
            }
          } catch (RuntimeException e) {
            refuse(ctx, e);
          }
        })
        .onFailure(e -> refuse(ctx, e));
  }

  private record Admitted(Viewer viewer, UploadBudget budget) {}

  private void receiveRaw(RoutingContext ctx, Admitted admitted, RequestFiles files) {
    HttpServerRequest req = ctx.request();
    String name = rawFileName(req);
    String description = HeaderText.decode(DESCRIPTION_HEADER, req.getHeader(DESCRIPTION_HEADER));
    String length = req.getHeader("Content-Length");
    if (length != null) admitted.budget().checkDeclared(parseLength(length));
    continueIfExpected(req);
    files.add(staging.receive(name, req, admitted.budget()))
        .onSuccess(staged -> commit(ctx, admitted.viewer(), List.of(staged), description))
        .onFailure(e -> refuse(ctx, e));
  }

  private void receiveMultipart(RoutingContext ctx, Admitted admitted, RequestFiles receiving) {
    HttpServerRequest req = ctx.request();
    List<Future<Staged>> files = new ArrayList<>();
    req.setExpectMultipart(true);
    req.uploadHandler(upload -> {
      upload.pause();
      String name = upload.filename();
      if (name == null || name.isEmpty()) {
        files.add(Future.failedFuture(DropException.invalid("A file part has no file name.")));
        upload.handler(b -> {});
        upload.resume();
        return;
      }
      files.add(receiving.add(staging.receive(name, upload, admitted.budget())));
    });
    // Answered once: at the end of the body, or when the request fails first (then the files
    // already staged are discarded too, since no end will come to do it).
    var answered = new java.util.concurrent.atomic.AtomicBoolean();
    receiving.onFailure(() -> {
      if (answered.compareAndSet(false, true)) answerWhenStaged(ctx, admitted, req, files, receiving.failure());
    });
    req.endHandler(v -> {
      // Every part has been parsed: a file that does not end with what it has already got never will.
      receiving.inputEnded();
      if (answered.compareAndSet(false, true)) answerWhenStaged(ctx, admitted, req, files, null);
    });
    continueIfExpected(req);
    req.resume();
  }

  /** Once every file has its outcome: commits them all, or (one failed, or the request did) none. */
  private void answerWhenStaged(RoutingContext ctx, Admitted admitted, HttpServerRequest req, List<Future<Staged>> files,
      Throwable requestFailure) {
    Future.join(files).onComplete(all -> {
      if (all.failed() || requestFailure != null) {
        discard(files);
        refuse(ctx, requestFailure != null ? requestFailure : all.cause());
        return;
      }
      var form = req.formAttributes();
      String nickname = form.get("nickname");
      Viewer viewer = nickname == null ? admitted.viewer()
          : admitted.viewer().withNickname(nickname);
      List<Staged> staged = files.stream().map(Future::result).toList();
      try {
        commit(ctx, viewer, staged, form.get("description"));
      } catch (RuntimeException e) {
        discard(files);
        refuse(ctx, e);
      }
    });
  }

  /** Detects types, puts content in place under its hash, then records the assets in one transaction. */
  private void commit(RoutingContext ctx, Viewer viewer, List<Staged> staged, String description) {
    Viewer checked = viewer.withNickname(viewer.isAdmin()
        ? TextRules.nickname(viewer.nickname()) : TextRules.guestNickname(viewer.nickname()));
    blocking.run(() -> {
      var newFiles = new ArrayList<NewFile>(staged.size());
      var committed = new ArrayList<String>(staged.size());
      try {
        for (Staged f : staged) {
          String mediaType = s.mediaTypes().detect(f.head(), f.headLength(), f.originalName());
          newFiles.add(new NewFile(f.originalName(), f.size(), mediaType, f.sha256(), f.crc32()));
        }
        for (Staged f : staged) {
          s.blobs().commit(f.path(), f.sha256());
          committed.add(f.sha256());
        }
        return s.assets().addFiles(checked, newFiles, description);
      } catch (RuntimeException | java.io.IOException e) {
        staged.forEach(f -> s.blobs().discard(f.path()));
        // Content now on disk but not referenced is the sweeper's to remove.
        if (!committed.isEmpty()) sweeper.markCandidates(committed);
        throw e;
      }
    }).onSuccess(assets -> {
      if (assets.size() == 1) ctx.response().putHeader("Location", assetPath(ctx, assets.get(0)));
      JsonIO.send(ctx, 201, Map.of("assets", assets));
    }).onFailure(e -> refuse(ctx, e));
  }

  private static String assetPath(RoutingContext ctx, Asset a) {
    String p = ctx.request().path();
    return p.substring(0, p.lastIndexOf('/')) + "/assets/" + a.id();
  }

  private void discard(List<Future<Staged>> files) {
    for (Future<Staged> f : files) {
      if (f.succeeded()) vertx.executeBlocking(() -> {
        s.blobs().discard(f.result().path());
        return null;
      }, false);
    }
  }

  /**
   * Answers an upload that will not be stored. The client may still be sending: we read and drop
   * what it sends for a little while so it can read our answer, then close the connection.
   */
  private void refuse(RoutingContext ctx, Throwable cause) {
    HttpServerRequest req = ctx.request();
    if (ctx.response().ended() || ctx.response().closed()) return; // a closed connection: nothing to tell
    if (cause instanceof IncompleteBody) {
      cause = new Problems.HttpProblem(Problems.INCOMPLETE_UPLOAD, cause.getMessage() + " Nothing was stored; send it again.");
    }
    if (!req.isEnded()) {
      ctx.response().putHeader("Connection", "close");
      req.handler(b -> {});
      req.exceptionHandler(e -> {});
      req.resume();
      long timer = vertx.setTimer(2_000, t -> req.connection().close());
      ctx.response().closeHandler(v -> vertx.cancelTimer(timer));
    }
    ctx.fail(cause);
  }

  private static void continueIfExpected(HttpServerRequest req) {
    String expect = req.getHeader("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) req.response().writeContinue();
  }

  private static boolean isMultipart(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  private static long parseLength(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw DropException.invalid("Content-Length is not a number.");
    }
  }

  /** The file's name from X-File-Name, or from Content-Disposition (RFC 6266) as a fallback. */
  static String rawFileName(HttpServerRequest req) {
    String header = req.getHeader(FILE_NAME_HEADER);
    if (header != null) return HeaderText.decode(FILE_NAME_HEADER, header);
    String disposition = req.getHeader("Content-Disposition");
    if (disposition != null) {
      Matcher star = DISPOSITION_NAME_STAR.matcher(disposition);
      if (star.find()) return HeaderText.decode("Content-Disposition filename*", star.group(1));
      Matcher plain = DISPOSITION_NAME.matcher(disposition);
      if (plain.find()) return HeaderText.decode("Content-Disposition filename", plain.group(1).replaceAll("\\\\(.)", "$1"));
    }
    throw DropException.invalid("Name the file in the " + FILE_NAME_HEADER
        + " header (UTF-8, percent-encoded) or upload it as multipart/form-data.");
  }
}
