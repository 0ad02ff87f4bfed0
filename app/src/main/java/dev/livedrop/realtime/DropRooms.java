package dev.livedrop.realtime;

import dev.livedrop.drops.Change;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The drops' rooms, wherever they live: in our embedded XMPP server ({@link EmbeddedDropRooms})
 * or, in the scale-out deployment, on an ejabberd cluster. One room per drop, named after it.
 */
public interface DropRooms {
  /** The XMPP domain viewers log in to. */
  String domain();

  String roomJid(String drop);

  /**
   * Makes sure the drop's room exists with this title and password (idempotent). A room left by
   * an earlier incarnation of the drop (deleted, then created again under the same name) is
   * destroyed first: its occupants and history belong to the drop that is gone.
   */
  void open(String drop, String incarnation, String title, String roomPassword);

  /** Gives a viewer's bare JID the moderator role in the room (drop admins). */
  void grantModerator(String drop, String bareJid);

  /**
   * Sets a new room password and kicks (307) every occupant whose bare JID's localpart the
   * predicate no longer admits; returns how many were kicked.
   */
  int changeAccess(String drop, String roomPassword, Predicate<String> stillAdmitted, String reason);

  /** Kicks (307) every occupant whose bare JID's localpart the predicate no longer admits; returns how many. */
  int removeUnless(String drop, Predicate<String> stillAdmitted, String reason);

  /** Posts one event to the drop's room, as the service's occupant. */
  void publish(Change change, String humanText);

  /**
   * Returns once everything posted so far is in the rooms' durable archive (blocking): the
   * publisher marks an event published only after this, so after a crash an event is either
   * archived or posted again.
   */
  void awaitArchived();

  /**
   * At start, before any room opens: forgets whatever is kept for rooms of drops not in
   * {@code liveDrops} (a crash may have come between a drop's deletion and its room's).
   */
  void forgetAllBut(Set<String> liveDrops);

  /** Destroys the room, telling occupants why (XEP-0045 §10.9). */
  void close(String drop, String reason);

  /** The nicknames in the room now (the service's own included). */
  List<String> occupants(String drop);
}
