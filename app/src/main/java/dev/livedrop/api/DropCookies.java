package dev.livedrop.api;

import dev.livedrop.access.AccessService;
import dev.livedrop.drops.DropException;
import dev.livedrop.drops.DropName;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The HttpOnly cookie {@code ld_{name}} that carries a drop's token for the web UI, scoped to the
 * drop's API: {@code Path=/api/v1/drops/{name}}. Everything of a drop that needs the token lives
 * under that path (the drop's JSON, /access, /session, content and thumbnails loaded by
 * {@code <img>}, download.zip), and the page {@code /d/{name}} is the same shell for every drop,
 * so the browser sends one drop's cookie only with that drop's requests (RFC 6265 §5.1.4).
 *
 * <p>Until 2026-12-04 the cookie was set at {@code Path=/}: a browser that had opened about forty
 * drops sent over 8 KB of cookies with every request and got 431, pages included. A request that
 * still carries such a cookie gets it deleted at {@code Path=/} and, if its token is still good,
 * set again at the drop's path, so those browsers recover without anyone losing access.
 */
final class DropCookies {
  /** At most this many old cookies are moved per request (a browser keeps about 180 per site). */
  static final int MAX_MOVED_PER_REQUEST = 200;
  private static final String PREFIX = "ld_";
  private static final String OLD_PATH = "/";

  private final AccessService access;
  private final Clock clock;
  private final boolean secure;

  DropCookies(AccessService access, Clock clock, boolean secure) {
    this.access = access;
    this.clock = clock;
    this.secure = secure;
  }

  static String name(String drop) {
    return PREFIX + drop;
  }

  static String path(String drop) {
    return HttpApi.API_PREFIX + "/drops/" + drop;
  }

  /** Hands the browser a drop's token, and drops any old copy at Path=/. */
  void set(RoutingContext ctx, String drop, String token, Instant expiresAt) {
    ctx.response().addCookie(tokenCookie(drop, token, expiresAt));
    ctx.response().addCookie(cookie(drop, "", OLD_PATH).setMaxAge(0));
  }

  /** The drop is gone: so is its cookie. */
  void clear(RoutingContext ctx, String drop) {
    ctx.response().addCookie(cookie(drop, "", path(drop)).setMaxAge(0));
  }

  /**
   * Before every route: a drop cookie on a request outside that drop's path can only be one set
   * at Path=/ before 2026-12-04; it is deleted there and, with a token still good, moved.
   */
  void moveOldCookies(RoutingContext ctx) {
    if (ctx.request().cookieCount() > 0) {
      String path = ctx.request().path();
      int moved = 0;
      // A copy: the request's cookies and the response's are one jar in Vert.x, and we add to it.
      for (Cookie c : List.copyOf(ctx.request().cookies())) {
        if (moved == MAX_MOVED_PER_REQUEST) break;
        if (!c.getName().startsWith(PREFIX)) continue;
        String drop = c.getName().substring(PREFIX.length());
        if (!wellFormed(drop) || within(path, drop)) continue;
        ctx.response().addCookie(cookie(drop, "", OLD_PATH).setMaxAge(0));
        Optional<Instant> expiry = access.tokenExpiry(drop, c.getValue());
        expiry.ifPresent(at -> ctx.response().addCookie(tokenCookie(drop, c.getValue(), at)));
        moved++;
      }
    }
    ctx.next();
  }

  private static boolean wellFormed(String drop) {
    try {
      DropName.validate(drop);
      return true;
    } catch (DropException e) {
      return false;
    }
  }

  /** RFC 6265 §5.1.4 path-match of the request against the drop's cookie path. */
  private static boolean within(String requestPath, String drop) {
    String p = path(drop);
    return requestPath != null && requestPath.startsWith(p)
        && (requestPath.length() == p.length() || requestPath.charAt(p.length()) == '/');
  }

  /** The drop's token at the drop's path, kept by the browser as long as the token lives. */
  private Cookie tokenCookie(String drop, String token, Instant expiresAt) {
    return cookie(drop, token, path(drop)).setMaxAge(Math.max(1, Duration.between(clock.instant(), expiresAt).toSeconds()));
  }

  private Cookie cookie(String drop, String value, String path) {
    return Cookie.cookie(name(drop), value)
        .setPath(path)
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(secure);
  }
}
