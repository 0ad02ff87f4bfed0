package dev.livedrop.api;

import dev.livedrop.access.AccessService;
import dev.livedrop.access.NameProbeLimiter;
import dev.livedrop.drops.NoSuchDrop;
import io.vertx.core.json.JsonObject;
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

  NameProbeGuard(NameProbeLimiter limiter, AccessService access) {
    this.limiter = limiter;
    this.access = access;
  }

  /** Before every route that names a drop. */
  void mount(Router api) {
    api.route("/drops/:name").handler(this::handle);
    api.route("/drops/:name/*").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    String client = Viewers.client(ctx);
    String drop = ctx.pathParam("name");
    if (limiter.allowed(client)) {
      ctx.addHeadersEndHandler(v -> {
        if (ctx.failure() instanceof NoSuchDrop) limiter.missed(client);
      });
      ctx.next();
    } else if (access.tokenExpiry(drop, Viewers.token(ctx.request(), drop)).isPresent()) {
      // Synchronous (a signature check, no database), so the request body is not touched here.
      ctx.next();
    } else {
      long seconds = limiter.retryAfter(client).toSeconds();
      ctx.response().putHeader("Retry-After", String.valueOf(seconds));
      Problems.send(ctx, Problems.TOO_MANY_REQUESTS,
          "Too many requests for drops that do not exist from this address; wait before trying again.",
          new JsonObject().put("retryAfterSeconds", seconds));
    }
  }
}
