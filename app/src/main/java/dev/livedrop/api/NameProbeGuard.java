package dev.livedrop.api;

import dev.livedrop.access.AccessService;
import dev.livedrop.access.NameProbeLimiter;
import dev.livedrop.drops.NoSuchDrop;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Slows down guessing drop names. Every route under {@code /drops/{name}} answers 404 for a name
 * that names no drop and 401 or 200 for one that does, so each answer tells whether a name exists.
 * Each 404 spends one of the client's misses ({@link NameProbeLimiter}); a client with none left
 * gets 429 for every drop it has no token for, existing or not, so the 429 itself tells nothing.
 * Opening existing drops spends nothing, so people who follow links are never slowed.
 */
final class NameProbeGuard {
  private final NameProbeLimiter limiter;
  private final AccessService access;
  private final Blocking blocking;

  NameProbeGuard(NameProbeLimiter limiter, AccessService access, Blocking blocking) {
    this.limiter = limiter;
    this.access = access;
    this.blocking = blocking;
  }

  /** Before every route that names a drop. */
  void mount(Router api) {
    api.route("/drops/:name").handler(this::handle);
    api.route("/drops/:name/*").handler(this::handle);
    if (limiter.blocks()) {
      // Counted before the 404 goes out, so the client's next request sees it, on any node.
      api.route("/drops/:name").failureHandler(this::countMiss);
      api.route("/drops/:name/*").failureHandler(this::countMiss);
    }
  }

  private void handle(RoutingContext ctx) {
    String client = Viewers.client(ctx);
    if (!limiter.blocks()) {
      decide(ctx, client, limiter.allowed(client) ? null : limiter.retryAfter(client));
      return;
    }
    // The limit is in the shared database: asked on a worker, the body held back meanwhile (the
    // routes after this one take it over in the same turn of the event loop as the resume).
    ctx.request().pause();
    blocking.run(() -> limiter.allowed(client) ? Optional.<Duration>empty() : Optional.of(limiter.retryAfter(client)))
        .onComplete(refusal -> {
          ctx.request().resume();
          if (refusal.failed()) {
            ctx.fail(refusal.cause());
          } else {
            decide(ctx, client, refusal.result().orElse(null));
          }
        });
  }

  /** {@code retryAfter} null: the client has misses left. */
  private void decide(RoutingContext ctx, String client, Duration retryAfter) {
    String drop = ctx.pathParam("name");
    if (retryAfter == null) {
      if (!limiter.blocks()) {
        ctx.addHeadersEndHandler(v -> {
          if (ctx.failure() instanceof NoSuchDrop) limiter.missed(client);
        });
      }
      ctx.next();
    } else if (access.tokenExpiry(drop, Viewers.token(ctx.request(), drop)).isPresent()) {
      // Synchronous (a signature check, no database), so the request body is not touched here.
      ctx.next();
    } else {
      long seconds = retryAfter.toSeconds();
      ctx.response().putHeader("Retry-After", String.valueOf(seconds));
      Problems.send(ctx, Problems.TOO_MANY_REQUESTS,
          "Too many requests for drops that do not exist from this address; wait before trying again.",
          new JsonObject().put("retryAfterSeconds", seconds));
    }
  }

  private void countMiss(RoutingContext ctx) {
    if (!(ctx.failure() instanceof NoSuchDrop)) {
      ctx.next();
      return;
    }
    String client = Viewers.client(ctx);
    blocking.run(() -> {
      limiter.missed(client);
      return null;
    }).onComplete(counted -> ctx.next());
  }
}
