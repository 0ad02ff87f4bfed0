package dev.livedrop.api;

import dev.livedrop.drops.AssetPatch;
import dev.livedrop.drops.DropException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;

/** {@code /drops/{name}/assets}: notes and links by JSON, and every asset's metadata. */
final class AssetRoutes {
  private final Services s;
  private final Viewers viewers;
  private final Blocking blocking;

  AssetRoutes(Services s, Viewers viewers, Blocking blocking) {
    this.s = s;
    this.viewers = viewers;
    this.blocking = blocking;
  }

  void mount(Router api, BodyHandler json) {
    api.get("/drops/:name/assets").handler(this::list);
    api.post("/drops/:name/assets").handler(json).handler(this::create);
    api.get("/drops/:name/assets/:id").handler(this::get);
    api.patch("/drops/:name/assets/:id").handler(json).handler(this::update);
    api.delete("/drops/:name/assets/:id").handler(this::delete);
  }

  /** A note ({@code kind: "note"}, text) or a link ({@code kind: "link"}, url). */
  record NewAssetRequest(String kind, String title, String text, String url, String description) {}

  private void list(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> Map.of("assets", s.assets().list(v.drop()))))
        .onSuccess(body -> JsonIO.send(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    NewAssetRequest req = JsonIO.read(ctx, NewAssetRequest.class);
    viewers.of(ctx).compose(v -> blocking.run(() -> switch (req.kind() == null ? "" : req.kind()) {
      case "note" -> {
        if (req.url() != null) throw DropException.invalid("A note has no 'url'.");
        yield s.assets().addNote(v, req.title(), req.text(), req.description());
      }
      case "link" -> {
        if (req.text() != null) throw DropException.invalid("A link has no 'text'.");
        yield s.assets().addLink(v, req.url(), req.title(), req.description());
      }
      default -> throw DropException.invalid(
          "'kind' must be 'note' or 'link'; files are uploaded to /drops/{name}/files.");
    })).onSuccess(a -> {
      ctx.response().putHeader("Location", ctx.request().path() + "/" + a.id());
      JsonIO.send(ctx, 201, a);
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> s.assets().get(v.drop(), ctx.pathParam("id"))))
        .onSuccess(a -> JsonIO.send(ctx, 200, a)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    AssetPatch patch = JsonIO.read(ctx, AssetPatch.class);
    viewers.of(ctx).compose(v -> blocking.run(() -> s.assets().update(v, ctx.pathParam("id"), patch)))
        .onSuccess(a -> JsonIO.send(ctx, 200, a)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> {
      s.assets().delete(v, ctx.pathParam("id"));
      return null;
    })).onSuccess(x -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
