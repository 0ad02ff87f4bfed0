package dev.livedrop.api;

import dev.livedrop.access.AccessService;
import dev.livedrop.drops.Viewer;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * Finds out who is asking, for the drop named in the path: a token from {@code Authorization:
 * Bearer} (API clients) or the drop's HttpOnly cookie (the web UI), and an optional
 * {@code X-Nickname} header (UTF-8, percent-encoded).
 */
public final class Viewers {
  public static final String NICKNAME_HEADER = "X-Nickname";
  private final AccessService access;
  private final Blocking blocking;

  public Viewers(AccessService access, Blocking blocking) {
    this.access = access;
    this.blocking = blocking;
  }

  public static String cookieName(String drop) {
    return DropCookies.name(drop);
  }

  /** What a request says about who is asking, before anything is checked. */
  public record Claim(String drop, String token, String nickname) {}

  public Future<Viewer> of(RoutingContext ctx) {
    return claim(ctx).compose(c -> blocking.run(() -> access.admit(c.drop(), c.token(), c.nickname())));
  }

  /** The drop named in the path, the token and the nickname; fails if the nickname header is malformed. */
  public Future<Claim> claim(RoutingContext ctx) {
    String drop = ctx.pathParam("name");
    String token = token(ctx.request(), drop);
    String nickname;
    try {
      nickname = HeaderText.decode(NICKNAME_HEADER, ctx.request().getHeader(NICKNAME_HEADER));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture(new Claim(drop, token, nickname));
  }

  static String token(HttpServerRequest req, String drop) {
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
    Cookie cookie = req.getCookie(cookieName(drop));
    return cookie == null ? null : cookie.getValue();
  }

  /**
   * Who is asking, for the limits on guesses and probes: the peer's address (no proxy header is
   * trusted). An IPv6 address counts by its /64, the block one subscriber is usually given
   * (RFC 6177), so one host cannot step through 2^64 addresses to escape its limit.
   */
  public static String client(RoutingContext ctx) {
    var addr = ctx.request().remoteAddress();
    return addr == null ? "unknown" : clientKey(addr.hostAddress());
  }

  static String clientKey(String address) {
    // A literal is parsed, never looked up; an IPv4-mapped IPv6 literal comes back as IPv4.
    if (address.indexOf(':') < 0) return address;
    try {
      InetAddress ip = InetAddress.getByName(address);
      return ip instanceof Inet6Address ? HexFormat.of().formatHex(ip.getAddress(), 0, 8) + "::/64" : ip.getHostAddress();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
