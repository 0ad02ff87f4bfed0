package dev.livedrop.access;

import static dev.livedrop.drops.DropException.Reason.TOO_MANY_ATTEMPTS;
import static dev.livedrop.drops.DropException.Reason.UNAUTHENTICATED;
import static dev.livedrop.drops.DropException.Reason.WRONG_CREDENTIALS;

import dev.livedrop.drops.DropException;
import dev.livedrop.drops.DropService;
import dev.livedrop.drops.Role;
import dev.livedrop.drops.SecretHasher;
import dev.livedrop.drops.StoredDrop;
import dev.livedrop.drops.TextRules;
import dev.livedrop.drops.Viewer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Who may see a drop. A drop without a password is open to anyone who knows its URL; one with a
 * password admits holders of a guest token. The admin secret, exchanged here, gives an admin token.
 */
public final class AccessService {
  private final DropService drops;
  private final SecretHasher hasher;
  private final AccessTokens tokens;
  private final AttemptThrottle throttle;
  private final Clock clock;
  private final Duration guestTtl;
  private final Duration adminTtl;

  public AccessService(DropService drops, SecretHasher hasher, AccessTokens tokens, AttemptThrottle throttle,
      Clock clock, Duration guestTtl, Duration adminTtl) {
    this.drops = drops;
    this.hasher = hasher;
    this.tokens = tokens;
    this.throttle = throttle;
    this.clock = clock;
    this.guestTtl = guestTtl;
    this.adminTtl = adminTtl;
  }

  public record Grant(String drop, String token, Role role, String nickname, Instant expiresAt) {}

  /** Exchanges a guest password or the admin secret for a token; open drops need neither. */
  public Grant exchange(String dropName, String password, String adminSecret, String nickname, String client) {
    StoredDrop stored = drops.live(dropName);
    String nick = TextRules.nickname(nickname);
    if (password != null && adminSecret != null) {
      throw DropException.invalid("Send either 'password' or 'adminSecret', not both.");
    }
    Role role;
    if (adminSecret != null) {
      reserveCheck(dropName, client);
      if (!hasher.adminSecretMatches(adminSecret, stored.secrets().adminSecretHash())) throw wrong();
      role = Role.ADMIN;
    } else if (stored.secrets().hasPassword()) {
      if (password == null) throw new DropException(UNAUTHENTICATED, "This drop needs a password.");
      reserveCheck(dropName, client);
      if (!hasher.passwordMatches(password, stored.secrets().passwordHash())) throw wrong();
      role = Role.GUEST;
    } else {
      return grant(stored, Role.GUEST, TextRules.guestNickname(nick));
    }
    // Only a secret that matched ends the window: entering an open drop must not reset the count.
    throttle.succeeded(dropName, client);
    return grant(stored, role, role == Role.ADMIN ? nick : TextRules.guestNickname(nick));
  }

  /** The admin token handed out with a new drop, so its creator need not log in. */
  public Grant adminGrant(StoredDrop stored) {
    return grant(stored, Role.ADMIN, "admin");
  }

  private Grant grant(StoredDrop stored, Role role, String nick) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plus(role == Role.ADMIN ? adminTtl : guestTtl);
    if (stored.drop().expiresAt() != null && stored.drop().expiresAt().isBefore(expires)) {
      expires = stored.drop().expiresAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }
    String token = tokens.issue(stored.drop().name(), stored.secrets().incarnation(), role, nick,
        stored.secrets().accessVersion(), expires);
    return new Grant(stored.drop().name(), token, role, nick, expires);
  }

  /**
   * Admits the caller to a drop with the token they hold (null for none), acting under their
   * token's nickname unless {@code nickname} overrides it.
   */
  public Viewer admit(String dropName, String token, String nickname) {
    return admit(drops.live(dropName), token, nickname);
  }

  /** As {@link #admit(String, String, String)}, against the drop as the caller has just read it. */
  public Viewer admit(StoredDrop stored, String token, String nickname) {
    String dropName = stored.drop().name();
    if (token == null) {
      if (stored.secrets().hasPassword()) {
        throw new DropException(UNAUTHENTICATED, "This drop needs a password: exchange it at /access for a token.");
      }
      return new Viewer(dropName, Role.GUEST, TextRules.guestNickname(nickname), null);
    }
    return switch (tokens.verify(token)) {
      case AccessTokens.Verified.Expired e ->
          throw new DropException(UNAUTHENTICATED, "The access token has expired; ask for a new one.",
              Map.of("token", "expired"));
      case AccessTokens.Verified.Invalid i ->
          throw new DropException(UNAUTHENTICATED, "The access token is not valid.", Map.of("token", "invalid"));
      case AccessTokens.Verified.Valid v -> {
        var claims = v.claims();
        if (!claims.drop().equals(dropName)) {
          throw new DropException(UNAUTHENTICATED, "The access token is for another drop.", Map.of("token", "invalid"));
        }
        if (!claims.incarnation().equals(stored.secrets().incarnation())) {
          throw new DropException(UNAUTHENTICATED,
              "The drop this token was issued for was deleted; this is another drop of the same name.",
              Map.of("token", "revoked"));
        }
        if (claims.role() == Role.GUEST && stored.secrets().hasPassword()
            && claims.accessVersion() != stored.secrets().accessVersion()) {
          throw new DropException(UNAUTHENTICATED, "The drop's password has changed; access again.",
              Map.of("token", "revoked"));
        }
        String nick = nickname != null && !nickname.isBlank() ? nickname : claims.nickname();
        String checked = claims.role() == Role.ADMIN ? TextRules.nickname(nick) : TextRules.guestNickname(nick);
        yield new Viewer(dropName, claims.role(), checked, claims.expiresAt());
      }
    };
  }

  /**
   * Reserves one check before the slow hash, so concurrent guesses cannot all pass a test made
   * before any of them has been counted; a wrong secret keeps its reservation.
   */
  private void reserveCheck(String dropName, String client) {
    if (!throttle.tryReserve(dropName, client)) {
      throw new DropException(TOO_MANY_ATTEMPTS, "Too many wrong attempts; wait before trying again.",
          Map.of("retryAfterSeconds", throttle.retryAfter(dropName, client).toSeconds()));
    }
  }

  /**
   * When {@code token} expires if it is a genuine, unexpired token issued for a drop of this name;
   * empty otherwise. Checked without reading the drop: its holder was let in before and learns
   * nothing new by being answered.
   */
  public Optional<Instant> tokenExpiry(String dropName, String token) {
    if (token != null && tokens.verify(token) instanceof AccessTokens.Verified.Valid v
        && v.claims().drop().equals(dropName)) {
      return Optional.of(v.claims().expiresAt());
    }
    return Optional.empty();
  }

  private static DropException wrong() {
    return new DropException(WRONG_CREDENTIALS, "Wrong password or admin secret.");
  }
}
