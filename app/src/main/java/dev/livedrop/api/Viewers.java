package dev.livedrop.api;

import dev.livedrop.access.AccessService;
import dev.livedrop.drops.Viewer;
import dev.livedrop.xmpp.transport.admission.ClientAddress;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;

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

  /** Who is asking, for the limits on guesses and probes: the peer's address (no proxy header is trusted). */
  public static String client(RoutingContext ctx) {
    var addr = ctx.request().remoteAddress();
    return addr == null ? "unknown" : clientKey(addr.hostAddress());
  }

  /** The peer's address as the connection limits count it ({@link ClientAddress#key}). */
  static String clientKey(String address) {
    if (address.indexOf(':') < 0) return address;
    try {
      return ClientAddress.key(InetAddress.getByName(address)); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
