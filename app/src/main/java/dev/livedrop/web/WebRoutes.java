package dev.livedrop.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The web UI: one HTML shell for the landing page ({@code /}) and every drop page
 * ({@code /d/{name}}), and the bundled scripts and styles under {@code /assets/}. Everything comes
 * from the classpath folder {@code web/}, which the Maven build fills with esbuild's output
 * (app/web, see docs/decisions/0011). Files are read once and kept in memory, gzipped beside.
 *
 * <p>Every answer carries a strict Content-Security-Policy: scripts only from our own origin and
 * never inline, so even a bug that put user text into markup could not run it.
 */
public final class WebRoutes {
  /** The classpath folder esbuild writes to. */
  public static final String CLASSPATH_ROOT = "web/";
  private static final String SHELL = "index.html";
  /** esbuild's {@code [name]-[hash]} names: such a file never changes, so caches may keep it. */
  private static final Pattern HASHED = Pattern.compile(".+-[A-Z0-9]{8}\\.[a-z0-9]+$");
  private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  /** What a Host header may hold before we echo it into connect-src (anything else: 'self' only). */
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "html", "text/html; charset=utf-8",
      "map", "application/json; charset=utf-8",
      "json", "application/json; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "woff2", "font/woff2",
      "txt", "text/plain; charset=utf-8");

  private final ClassLoader loader;
  private final Map<String, StaticFile> cache = new ConcurrentHashMap<>();

  private WebRoutes(ClassLoader loader) {
    this.loader = loader;
  }

  /** Mounts the UI's routes on {@code root}; call before the router's 404 handler is set. */
  public static void mount(Router root) {
    var web = new WebRoutes(WebRoutes.class.getClassLoader());
    root.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(web::shell);
    root.routeWithRegex("/d/[^/]+/?").setName("/d/:name").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(web::shell);
    root.route("/assets/:file").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(web::asset);
  }

  private void shell(RoutingContext ctx) {
    Optional<StaticFile> f = file(SHELL);
    if (f.isEmpty()) {
      // Built without the web UI (-Dskip.web=true): say so instead of a bare 404.
      securityHeaders(ctx);
      ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end("The web UI was not built into this server (see README: Building).\n");
      return;
    }
    send(ctx, f.get(), "no-cache");
  }

  private void asset(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    Optional<StaticFile> f = name != null && ASSET_NAME.matcher(name).matches() ? file("assets/" + name) : Optional.empty();
    if (f.isEmpty()) {
      ctx.next(); // the router's 404
      return;
    }
    send(ctx, f.get(), HASHED.matcher(name).matches() ? "public, max-age=31536000, immutable" : "no-cache");
  }

  private void send(RoutingContext ctx, StaticFile f, String cacheControl) {
    HttpServerResponse res = ctx.response();
    securityHeaders(ctx);
    String ae = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
    boolean gzip = f.gzipped() != null && ae != null && ae.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    // RFC 9110 §8.8.3: each encoding of the content is its own representation, with its own tag.
    String etag = gzip ? f.etag().substring(0, f.etag().length() - 1) + "-gz\"" : f.etag();
    res.putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.VARY, "Accept-Encoding")
        .putHeader(HttpHeaders.CONTENT_TYPE, f.contentType());
    String inm = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (inm != null && (inm.contains(etag) || inm.trim().equals("*"))) {
      res.setStatusCode(304).end();
      return;
    }
    Buffer body = gzip ? f.gzipped() : f.bytes();
    if (gzip) res.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
    res.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
    if (ctx.request().method() == HttpMethod.HEAD) res.end();
    else res.end(body);
  }

  /** The policy of every UI response (also on the 503 above). */
  static void securityHeaders(RoutingContext ctx) {
    String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
    String sockets = host != null && SAFE_HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
    ctx.response()
        .putHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob: data:; media-src 'self' blob:; font-src 'self'; connect-src 'self'" + sockets + "; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
  }

  private Optional<StaticFile> file(String path) {
    StaticFile hit = cache.get(path);
    if (hit != null) return Optional.of(hit);
    StaticFile loaded = load(path);
    if (loaded == null) return Optional.empty(); // not cached: the build may not have run yet in a dev setup
    cache.putIfAbsent(path, loaded);
    return Optional.of(loaded);
  }

  private StaticFile load(String path) {
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + path)) {
      if (in == null) return null;
      byte[] bytes = in.readAllBytes();
      String ext = path.substring(path.lastIndexOf('.') + 1);
      String type = TYPES.getOrDefault(ext, "application/octet-stream");
      boolean compressible = type.startsWith("text/") || type.startsWith("application/json") || ext.equals("svg");
      return new StaticFile(Buffer.buffer(bytes), compressible && bytes.length > 1024 ? Buffer.buffer(gzip(bytes)) : null,
          etag(bytes), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    var out = new ByteArrayOutputStream(bytes.length / 3);
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record StaticFile(Buffer bytes, Buffer gzipped, String etag, String contentType) {}
}
