package dev.livedrop.api;

import dev.livedrop.drops.Asset;
import dev.livedrop.drops.DropException;
import dev.livedrop.media.MediaTypes;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.buffer.Buffer;
import java.io.BufferedOutputStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A file's bytes, with ranges and validators, served so that nothing in it can act on our origin:
 * {@code nosniff} always, and active types (HTML, SVG, XML) only as attachments in a CSP sandbox.
 * Bytes go out by sendfile from a blob on local disk, without passing through the heap; from a
 * remote store (S3) only the requested range is fetched and streamed on a worker thread.
 */
final class ContentRoutes {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ContentRoutes.class);
  private final Services s;
  private final Viewers viewers;
  private final Blocking blocking;

  ContentRoutes(Services s, Viewers viewers, Blocking blocking) {
    this.s = s;
    this.viewers = viewers;
    this.blocking = blocking;
  }

  void mount(Router api) {
    api.route(HttpMethod.GET, "/drops/:name/assets/:id/content").handler(this::content);
    api.route(HttpMethod.HEAD, "/drops/:name/assets/:id/content").handler(this::content);
    api.get("/drops/:name/assets/:id/thumbnail").handler(this::thumbnail);
  }

  /** {@code path} is the blob's local file, or null when the store keeps it elsewhere. */
  private record Located(Asset asset, Path path) {}

  private void content(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> {
      Asset a = s.assets().get(v.drop(), ctx.pathParam("id"));
      if (a.file() == null) throw DropException.notFound("Asset '" + a.id() + "' is a " + a.kind().code() + ", not a file; it");
      return new Located(a, s.blobs().localFile(a.file().sha256()).orElse(null));
    })).onSuccess(l -> send(ctx, l)).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, Located l) {
    var file = l.asset().file();
    HttpServerResponse res = ctx.response();
    String etag = "\"" + file.sha256() + "\"";
    String mediaType = file.mediaType();
    boolean active = MediaTypes.active(mediaType);
    boolean inline = !active && MediaTypes.inline(mediaType) && ctx.queryParam("download").isEmpty();

    res.putHeader("ETag", etag)
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("Cache-Control", "private, no-cache")
        .putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(l.asset().createdAt().atOffset(ZoneOffset.UTC)))
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Disposition", HeaderText.contentDisposition(inline ? "inline" : "attachment", l.asset().name()))
        .putHeader("Content-Type", mediaType.startsWith("text/") && !mediaType.contains("charset") ? mediaType + "; charset=utf-8" : mediaType);
    // Anything shown from our origin is sandboxed; a PDF is left to the browser's viewer, which a
    // sandbox would block, and it runs no script of ours.
    if (active || !"application/pdf".equals(mediaType)) {
      res.putHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'");
    }

    if (etagMatches(ctx.request().getHeader("If-None-Match"), etag)) {
      res.setStatusCode(304).end();
      return;
    }
    if (!active) {
      // LIVEDROP_S3_PRESIGNED_DOWNLOADS: the client fetches the bytes (and its ranges) from S3 itself.
      // Active types stay here, where they get their sandbox.
      var url = s.blobs().downloadUrl(file.sha256(), res.headers().get("Content-Type"), res.headers().get("Content-Disposition"));
      if (url.isPresent()) {
        res.setStatusCode(302).putHeader("Location", url.get().toString()).putHeader("Cache-Control", "private, no-store").end();
        return;
      }
    }
    long size = file.size();
    String ifRange = ctx.request().getHeader("If-Range");
    ByteRange.Request range = ifRange == null || ifRange.trim().equals(etag)
        ? ByteRange.parse(ctx.request().getHeader("Range"), size)
        : new ByteRange.Request.Whole();
    long offset = 0;
    long length = size;
    switch (range) {
      case ByteRange.Request.Unsatisfiable u -> {
        res.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
        return;
      }
      case ByteRange.Request.Partial p -> {
        offset = p.range().start();
        length = p.range().length();
        res.setStatusCode(206).putHeader("Content-Range", "bytes " + p.range().start() + "-" + p.range().end() + "/" + size);
      }
      case ByteRange.Request.Whole w -> res.setStatusCode(200);
    }
    if (ctx.request().method() == HttpMethod.HEAD || length == 0) {
      res.putHeader("Content-Length", String.valueOf(length)).end();
      return;
    }
    if (l.path() == null) {
      stream(ctx, file.sha256(), offset, length);
      return;
    }
    res.sendFile(l.path().toString(), offset, length).onFailure(e -> {
      if (!res.headWritten()) ctx.fail(e);
    });
  }

  /**
   * The range from a remote store. It is opened before anything is sent, so a store that is
   * down gets a problem document (503) rather than a cut-off 200.
   */
  private void stream(RoutingContext ctx, String sha256, long offset, long length) {
    HttpServerResponse res = ctx.response();
    blocking.run(() -> s.blobs().open(sha256, offset, length)).onSuccess(in -> {
      res.putHeader("Content-Length", String.valueOf(length));
      blocking.run(() -> {
        try (in; var out = new BufferedOutputStream(new ResponseOutputStream(res), 64 * 1024)) {
          in.transferTo(out);
        }
        return null;
      }).onFailure(e -> {
        log.info("download of {} stopped: {}", sha256, e.toString());
        res.reset();
      });
    }).onFailure(e -> {
      res.headers().clear();
      ctx.fail(e);
    });
  }

  private static boolean etagMatches(String header, String etag) {
    if (header == null) return false;
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) c = c.substring(2);
      if (c.equals(etag) || c.equals("*")) return true;
    }
    return false;
  }

  private void thumbnail(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> {
      Asset a = s.assets().get(v.drop(), ctx.pathParam("id"));
      if (a.file() == null || a.file().thumbnail() != Asset.Thumbnail.READY) {
        throw DropException.notFound("A thumbnail of asset '" + a.id() + "'");
      }
      return s.thumbnailer().find(a.file().sha256())
          .orElseThrow(() -> DropException.notFound("A thumbnail of asset '" + a.id() + "'"));
    })).onSuccess(t -> ctx.response()
        .putHeader("Content-Type", t.mediaType())
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "private, max-age=86400")
        .end(Buffer.buffer(t.bytes())))
        .onFailure(ctx::fail);
  }
}
