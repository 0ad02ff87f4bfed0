package dev.livedrop.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;

/** {@code /drops/{name}/assets/{id}/comments}. */
final class CommentRoutes {
  private final Services s;
  private final Viewers viewers;
  private final Blocking blocking;

  CommentRoutes(Services s, Viewers viewers, Blocking blocking) {
    this.s = s;
    this.viewers = viewers;
    this.blocking = blocking;
  }

  void mount(Router api, BodyHandler json) {
    api.get("/drops/:name/assets/:id/comments").handler(this::list);
    api.post("/drops/:name/assets/:id/comments").handler(json).handler(this::create);
    api.delete("/drops/:name/assets/:id/comments/:commentId").handler(this::delete);
  }

  record NewCommentRequest(String text) {}

  private void list(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> Map.of("comments", s.comments().list(v.drop(), ctx.pathParam("id")))))
        .onSuccess(body -> JsonIO.send(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    NewCommentRequest req = JsonIO.read(ctx, NewCommentRequest.class);
    viewers.of(ctx).compose(v -> blocking.run(() -> s.comments().add(v, ctx.pathParam("id"), req.text())))
        .onSuccess(c -> {
          ctx.response().putHeader("Location", ctx.request().path() + "/" + c.id());
          JsonIO.send(ctx, 201, c);
        }).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> {
      s.comments().delete(v, ctx.pathParam("id"), ctx.pathParam("commentId"));
      return null;
    })).onSuccess(x -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
