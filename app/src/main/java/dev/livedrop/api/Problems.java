package dev.livedrop.api;

import dev.livedrop.drops.DropException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as RFC 9457 problem+json. The {@code type} is stable per kind of error, so clients
 * can branch on it; {@code detail} is for people; extra members carry numbers to act on.
 */
public final class Problems {
  public static final String TYPE_PREFIX = "urn:livedrop:problem:";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  public record Kind(int status, String slug, String title) {}

  private static final Map<DropException.Reason, Kind> BY_REASON = Map.ofEntries(
      Map.entry(DropException.Reason.NOT_FOUND, new Kind(404, "not-found", "Not found")),
      Map.entry(DropException.Reason.GONE, new Kind(410, "drop-expired", "Drop expired")),
      Map.entry(DropException.Reason.NAME_TAKEN, new Kind(409, "name-taken", "Name taken")),
      Map.entry(DropException.Reason.NAME_INVALID, new Kind(400, "name-invalid", "Invalid drop name")),
      Map.entry(DropException.Reason.NAME_RESERVED, new Kind(400, "name-reserved", "Reserved drop name")),
      Map.entry(DropException.Reason.INVALID, new Kind(400, "invalid-request", "Invalid request")),
      Map.entry(DropException.Reason.UNAUTHENTICATED, new Kind(401, "unauthenticated", "Access required")),
      Map.entry(DropException.Reason.WRONG_CREDENTIALS, new Kind(401, "wrong-credentials", "Wrong password")),
      Map.entry(DropException.Reason.FORBIDDEN, new Kind(403, "forbidden", "Not allowed")),
      Map.entry(DropException.Reason.TOO_MANY_ATTEMPTS, new Kind(429, "too-many-attempts", "Too many attempts")),
      Map.entry(DropException.Reason.FILE_TOO_LARGE, new Kind(413, "file-too-large", "File too large")),
      Map.entry(DropException.Reason.QUOTA_EXCEEDED, new Kind(413, "quota-exceeded", "Drop full")));

  /** Errors that come from HTTP itself rather than the domain. */
  public static final Kind MALFORMED_JSON = new Kind(400, "malformed-json", "Malformed JSON");
  public static final Kind UNSUPPORTED_MEDIA_TYPE = new Kind(415, "unsupported-media-type", "Unsupported media type");
  public static final Kind BODY_TOO_LARGE = new Kind(413, "body-too-large", "Request body too large");
  /** An upload whose body broke off (a malformed chunk, a part without its closing boundary). */
  public static final Kind INCOMPLETE_UPLOAD = new Kind(400, "incomplete-upload", "Incomplete upload");
  public static final Kind ROUTE_NOT_FOUND = new Kind(404, "not-found", "Not found");
  public static final Kind METHOD_NOT_ALLOWED = new Kind(405, "method-not-allowed", "Method not allowed");
  public static final Kind BAD_REQUEST = new Kind(400, "bad-request", "Bad request");
  /** Too many requests naming drops that do not exist (NameProbeGuard). */
  public static final Kind TOO_MANY_REQUESTS = new Kind(429, "too-many-requests", "Too many requests");
  public static final Kind STORAGE_UNAVAILABLE = new Kind(503, "storage-unavailable", "Storage unavailable");
  public static final Kind INTERNAL = new Kind(500, "internal", "Internal error");
  /** The metadata database cannot be reached now (a PostgreSQL restart): try again shortly. */
  public static final Kind DATABASE_UNAVAILABLE = new Kind(503, "database-unavailable", "Service unavailable");

  /** An HTTP-level error that is not a domain rule, with its kind. */
  public static final class HttpProblem extends RuntimeException {
    private final Kind kind;

    public HttpProblem(Kind kind, String detail) {
      super(detail, null, false, false);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /** The router's failure handler: whatever failed, the client gets a problem document. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    HttpServerResponse res = ctx.response();
    if (res.headWritten()) {
      // Mid-stream (a download or zip): nothing more can be said; cut the connection so the
      // client sees a truncated transfer instead of a silently short one.
      log.debug("failure after response started: {}", String.valueOf(failure));
      res.reset();
      return;
    }
    if (failure instanceof DropException de) {
      Kind kind = BY_REASON.get(de.reason());
      JsonObject extra = new JsonObject(Map.copyOf(de.details()));
      if (de.reason() == DropException.Reason.TOO_MANY_ATTEMPTS) {
        res.putHeader("Retry-After", String.valueOf(de.details().get("retryAfterSeconds")));
      }
      send(ctx, kind, de.getMessage(), extra);
    } else if (failure instanceof HttpProblem hp) {
      send(ctx, hp.kind(), hp.getMessage(), new JsonObject());
    } else if (failure == null) {
      send(ctx, byStatus(ctx.statusCode()), null, new JsonObject());
    } else if (DatabaseUnavailable.causes(failure)) {
      log.warn("{} {}: the database is unavailable: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      res.putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
      send(ctx, DATABASE_UNAVAILABLE, "The database cannot be reached just now; nothing was changed. Try again shortly.",
          new JsonObject());
    } else if (failure instanceof dev.livedrop.storage.blob.BlobStoreUnavailable) {
      log.warn("{} {}: {}", ctx.request().method(), ctx.request().path(), failure.getMessage());
      res.putHeader("Retry-After", "5");
      send(ctx, STORAGE_UNAVAILABLE, "File storage cannot be reached just now; nothing was stored or changed. "
          + "Try again shortly.", new JsonObject());
    } else if (ctx.statusCode() == 413) {
      send(ctx, BODY_TOO_LARGE, "The request body is larger than this endpoint accepts.", new JsonObject());
    } else {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, INTERNAL, "Something went wrong on our side; nothing was changed by this request.", new JsonObject());
    }
  }

  private static Kind byStatus(int status) {
    return switch (status) {
      case 404 -> ROUTE_NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 413 -> BODY_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 400 -> BAD_REQUEST;
      default -> status >= 400 && status < 500 ? new Kind(status, "http-" + status, "HTTP " + status) : INTERNAL;
    };
  }

  public static void send(RoutingContext ctx, Kind kind, String detail, JsonObject extra) {
    var body = new JsonObject()
        .put("type", TYPE_PREFIX + kind.slug())
        .put("title", kind.title())
        .put("status", kind.status());
    if (detail != null) body.put("detail", detail);
    body.put("instance", ctx.request().path());
    extra.forEach(e -> body.put(e.getKey(), e.getValue()));
    HttpServerResponse res = ctx.response();
    res.setStatusCode(kind.status()).putHeader("Content-Type", "application/problem+json");
    res.end(body.encode());
  }
}
