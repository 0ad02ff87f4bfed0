package dev.livedrop.realtime;

import dev.livedrop.xmpp.sasl.Authenticator;
import dev.livedrop.xmpp.sasl.Identity;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits a drop's viewers to the XMPP server: SASL PLAIN with the localpart and ticket the REST
 * API handed out. Remembers whose ticket each logged-in localpart holds, so that a change of
 * access can find the occupants it locks out.
 */
public final class ViewerLogins implements Authenticator {
  private final XmppTickets tickets;
  private final LiveAccess access;
  private final Clock clock;
  private final Map<String, XmppTickets.Ticket> byLocalpart = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();

  public ViewerLogins(XmppTickets tickets, LiveAccess access, Clock clock) {
    this.tickets = tickets;
    this.access = access;
    this.clock = clock;
  }

  @Override
  public Optional<Identity> authenticate(String authcid, String password) {
    if (authcid == null || !authcid.startsWith(LiveSessions.LOCALPART_PREFIX)) return Optional.empty();
    var ticket = tickets.verify(authcid, password).filter(access::admits);
    ticket.ifPresent(t -> {
      forgetExpired();
      byLocalpart.put(authcid, t);
    });
    return ticket.map(t -> new Identity(authcid, false));
  }

  /** The ticket a logged-in localpart holds, if it logged in with one. */
  public Optional<XmppTickets.Ticket> ticketOf(String localpart) {
    return Optional.ofNullable(byLocalpart.get(localpart));
  }

  /**
   * The ticket a logged-in localpart holds while it still admits: unexpired, and its drop's access
   * unchanged ({@link LiveAccess#admits}). What every check of a viewer already logged in asks.
   */
  public Optional<XmppTickets.Ticket> admitted(String localpart) {
    var now = clock.instant();
    return ticketOf(localpart).filter(t -> now.isBefore(t.expiresAt()) && access.admits(t));
  }

  private void forgetExpired() {
    if (logins.incrementAndGet() % 1024 != 0) return;
    var now = clock.instant();
    byLocalpart.values().removeIf(t -> t.expiresAt().isBefore(now));
  }
}
