package dev.livedrop.api;

import dev.livedrop.sweeper.BlobSweeper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;

/** The HTTP surface: the REST API under {@code /api/v1}, health and metrics. */
public final class HttpApi {
  public static final String API_PREFIX = "/api/v1";
  public static final int JSON_BODY_LIMIT = 1024 * 1024;

  private HttpApi() {}

  /**
   * @param mountMore routes that live beside the API on the same server (the XMPP endpoints:
   *     BOSH, WebSocket, host-meta)
   */
  public static Router create(Vertx vertx, Services s, BlobSweeper sweeper, PrometheusMeterRegistry metrics,
      java.util.function.Consumer<Router> mountMore) {
    var blocking = new Blocking(vertx);
    var viewers = new Viewers(s.access(), blocking);
    Router root = Router.router(vertx);
    var templates = new RouteTemplates[1]; // the routes are all known only once mounted, below
    root.route().handler(ctx -> time(ctx, metrics, templates[0]));
    var cookies = new DropCookies(s.access(), Clock.systemUTC(), s.config().publicUrl().startsWith("https:"));
    root.route().handler(cookies::moveOldCookies);

    Router api = apiRouter(vertx, s, sweeper, blocking, viewers, cookies);
    root.route(API_PREFIX + "/*").subRouter(api);
    mountMore.accept(root);
    root.get("/healthz").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"));
    root.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    dev.livedrop.web.WebRoutes.mount(root);

    root.route().failureHandler(Problems::handle);
    root.errorHandler(404, ctx -> Problems.send(ctx, Problems.ROUTE_NOT_FOUND, "No such resource.", new io.vertx.core.json.JsonObject()));
    root.errorHandler(405, ctx -> Problems.send(ctx, Problems.METHOD_NOT_ALLOWED, "This resource does not support " + ctx.request().method() + ".", new io.vertx.core.json.JsonObject()));
    templates[0] = new RouteTemplates(root, api, API_PREFIX);
    return root;
  }

  /** The REST API alone; the OpenAPI test walks its routes. */
  public static Router apiRouter(Vertx vertx, Services s, BlobSweeper sweeper, Blocking blocking, Viewers viewers) {
    return apiRouter(vertx, s, sweeper, blocking, viewers,
        new DropCookies(s.access(), Clock.systemUTC(), s.config().publicUrl().startsWith("https:")));
  }

  static Router apiRouter(Vertx vertx, Services s, BlobSweeper sweeper, Blocking blocking, Viewers viewers,
      DropCookies cookies) {
    Router api = Router.router(vertx);
    BodyHandler json = BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
    new NameProbeGuard(s.nameProbes(), s.access()).mount(api);
    new DropRoutes(s, viewers, blocking, cookies).mount(api, json);
    new AssetRoutes(s, viewers, blocking).mount(api, json);
    new UploadRoutes(vertx, s, viewers, blocking, sweeper).mount(api);
    new ContentRoutes(s, viewers, blocking).mount(api);
    new CommentRoutes(s, viewers, blocking).mount(api, json);
    new ZipRoutes(s, viewers, blocking).mount(api);
    new SessionRoutes(s, viewers, blocking).mount(api);
    Buffer openapi = resource("openapi.json");
    api.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openapi));
    api.route().failureHandler(Problems::handle);
    return api;
  }

  private static void time(RoutingContext ctx, PrometheusMeterRegistry metrics, RouteTemplates templates) {
    Timer.Sample sample = Timer.start(metrics);
    ctx.addEndHandler(done -> {
      String route = templates.of(ctx.normalizedPath());
      sample.stop(Timer.builder("http.server.requests")
          .tag("method", ctx.request().method().name())
          .tag("status", String.valueOf(ctx.response().getStatusCode()))
          .tag("route", route)
          .register(metrics));
    });
    ctx.next();
  }

  static Buffer resource(String name) {
    try (InputStream in = HttpApi.class.getResourceAsStream("/" + name)) {
      if (in == null) throw new IllegalStateException(name + " missing from the classpath");
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
