package dev.livedrop.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /drops/{name}/session}: the XMPP login with which a viewer follows the drop live
 * (see docs/xmpp-api.md). Same access rules as reading the drop.
 */
final class SessionRoutes {
  private final Services s;
  private final Viewers viewers;
  private final Blocking blocking;

  SessionRoutes(Services s, Viewers viewers, Blocking blocking) {
    this.s = s;
    this.viewers = viewers;
    this.blocking = blocking;
  }

  void mount(Router api) {
    api.post("/drops/:name/session").handler(this::open);
  }

  private void open(RoutingContext ctx) {
    viewers.claim(ctx)
        .compose(c -> blocking.run(() -> s.live().open(c.drop(), stored -> s.access().admit(stored, c.token(), c.nickname()))))
        .onSuccess(session -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          JsonIO.send(ctx, 200, session);
        })
        .onFailure(ctx::fail);
  }
}
