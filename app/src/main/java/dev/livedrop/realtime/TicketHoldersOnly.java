package dev.livedrop.realtime;

import dev.livedrop.xmpp.muc.JoinRequest;
import dev.livedrop.xmpp.muc.Nicknames;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A drop's room admits only viewers holding a valid ticket for this drop (handed out by
 * {@code POST /drops/{name}/session}): knowing the room password is not enough, and a ticket for
 * another drop, a deleted drop of the same name, or from before a password change opens nothing.
 * Each viewer speaks under the nickname their ticket names, or that nickname numbered, " (2)",
 * " (3)"..., when it is taken (another tab of theirs, a namesake, the hundred "anonymous" viewers of
 * an open drop), so nobody can enter as someone else.
 */
final class TicketHoldersOnly implements RoomFeature {
  /** What a client may add to its ticket's nickname when that one is taken (XEP-0045 §7.2.9). */
  private static final Pattern TAKEN_SUFFIX = Pattern.compile(" \\(([2-9]|[1-9][0-9]{1,5})\\)");
  private final String drop;
  private final String incarnation;
  private final String domain;
  private final ViewerLogins logins;

  TicketHoldersOnly(String drop, String incarnation, String domain, ViewerLogins logins) {
    this.drop = drop;
    this.incarnation = incarnation;
    this.domain = domain;
    this.logins = logins;
  }

  @Override
  public void preJoin(Room room, JoinRequest join) {
    XmppTickets.Ticket ticket = ticketOf(join.realBareJid());
    requireNickname(ticket, join.nick());
  }

  @Override
  public void preNickChange(Room room, Occupant occupant, String newNick) {
    requireNickname(ticketOf(occupant.realBareJid()), newNick);
  }

  private XmppTickets.Ticket ticketOf(String bareJid) {
    int at = bareJid.indexOf('@');
    Optional<XmppTickets.Ticket> ticket = at > 0 && bareJid.substring(at + 1).equals(domain)
        ? logins.admitted(bareJid.substring(0, at))
        : Optional.empty();
    return ticket
        .filter(t -> t.drop().equals(drop) && t.incarnation().equals(incarnation))
        .orElseThrow(() -> new StanzaError(Condition.REGISTRATION_REQUIRED,
            "This room admits only the drop's viewers: log in with the ticket from the drop's /session."));
  }

  private static void requireNickname(XmppTickets.Ticket ticket, String nick) {
    String own = ticket.nickname();
    if (Nicknames.same(nick, own)) return;
    int suffix = nick.lastIndexOf(" (");
    if (suffix > 0 && TAKEN_SUFFIX.matcher(nick.substring(suffix)).matches()
        && Nicknames.same(nick.substring(0, suffix), own)) {
      return;
    }
    throw new StanzaError(Condition.NOT_ACCEPTABLE,
        "In this room you are '" + own + "' (or '" + own + " (2)', '" + own + " (3)'... when that is taken).");
  }
}
