package dev.livedrop.api;

import dev.livedrop.access.AccessService;
import dev.livedrop.drops.CreatedDrop;
import dev.livedrop.drops.DropPatch;
import dev.livedrop.drops.NewDrop;
import dev.livedrop.drops.Role;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/** {@code /drops} and {@code /drops/{name}}: create, read, change, delete, and access. */
final class DropRoutes {
  private final Services s;
  private final Viewers viewers;
  private final Blocking blocking;
  private final DropCookies cookies;

  DropRoutes(Services s, Viewers viewers, Blocking blocking, DropCookies cookies) {
    this.s = s;
    this.viewers = viewers;
    this.blocking = blocking;
    this.cookies = cookies;
  }

  void mount(Router api, BodyHandler json) {
    api.post("/drops").handler(json).handler(this::create);
    api.get("/drops/:name").handler(this::get);
    api.patch("/drops/:name").handler(json).handler(this::update);
    api.delete("/drops/:name").handler(this::delete);
    api.post("/drops/:name/access").handler(json).handler(this::access);
  }

  /** The body of POST /access. */
  record AccessRequest(String password, String adminSecret, String nickname) {}

  private record Created(CreatedDrop created, AccessService.Grant grant, long seq) {}

  private void create(RoutingContext ctx) {
    NewDrop req = JsonIO.read(ctx, NewDrop.class);
    blocking.run(() -> {
      var created = s.drops().create(req);
      var grant = s.access().adminGrant(s.drops().live(created.drop().name()));
      return new Created(created, grant, s.changes().lastSeq(created.drop().name()));
    }).onSuccess(r -> {
      var created = r.created();
      var grant = r.grant();
      var view = DropView.of(created.drop(), s.config().publicUrl(), List.of(),
          new DropView.You("admin", grant.nickname()), r.seq());
      var body = new LinkedHashMap<String, Object>();
      body.put("drop", view);
      body.put("adminSecret", created.adminSecret());
      body.put("adminToken", grant.token());
      body.put("adminTokenExpiresAt", grant.expiresAt());
      setCookie(ctx, grant);
      ctx.response().putHeader("Location", ctx.request().path() + "/" + created.drop().name());
      JsonIO.send(ctx, 201, body);
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> {
      // The sequence number first: the state read after it is at least as new, so a client that
      // applies the events after it misses none (and applies some twice, harmlessly).
      long seq = s.changes().lastSeq(v.drop());
      var drop = s.drops().live(v.drop()).drop();
      return DropView.of(drop, s.config().publicUrl(), s.assets().list(v.drop()),
          new DropView.You(v.role().name().toLowerCase(Locale.ROOT), v.nickname()), seq);
    })).onSuccess(view -> JsonIO.send(ctx, 200, view)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    DropPatch patch = JsonIO.read(ctx, DropPatch.class);
    viewers.of(ctx).compose(v -> blocking.run(() -> s.drops().update(v, patch)))
        .onSuccess(d -> JsonIO.send(ctx, 200, d)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> {
      s.drops().delete(v);
      return v.drop();
    })).onSuccess(drop -> {
      cookies.clear(ctx, drop);
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  private void access(RoutingContext ctx) {
    AccessRequest req = JsonIO.read(ctx, AccessRequest.class);
    String drop = ctx.pathParam("name");
    String client = Viewers.client(ctx);
    blocking.run(() -> s.access().exchange(drop, req.password(), req.adminSecret(), req.nickname(), client))
        .onSuccess(grant -> {
          setCookie(ctx, grant);
          var body = new LinkedHashMap<String, Object>();
          body.put("token", grant.token());
          body.put("role", grant.role() == Role.ADMIN ? "admin" : "guest");
          body.put("nickname", grant.nickname());
          body.put("expiresAt", grant.expiresAt());
          JsonIO.send(ctx, 200, body);
        }).onFailure(ctx::fail);
  }

  private void setCookie(RoutingContext ctx, AccessService.Grant grant) {
    cookies.set(ctx, grant.drop(), grant.token(), grant.expiresAt());
  }
}
