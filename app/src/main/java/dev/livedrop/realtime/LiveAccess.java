package dev.livedrop.realtime;

import dev.livedrop.drops.Role;
import dev.livedrop.drops.StoredDrop;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the XMPP side must know of each live drop to admit its viewers without a database read on
 * the event loop: its access version and whether it has a password. Kept current by the publisher
 * as changes go by.
 */
public final class LiveAccess {
  public record State(String incarnation, int accessVersion, boolean passwordProtected) {}

  private final Map<String, State> drops = new ConcurrentHashMap<>();

  public void put(StoredDrop stored) {
    drops.put(stored.drop().name(), new State(stored.secrets().incarnation(),
        stored.secrets().accessVersion(), stored.secrets().hasPassword()));
  }

  /** The drops known here now. */
  public Set<String> drops() {
    return drops.keySet();
  }

  public Optional<State> get(String drop) {
    return Optional.ofNullable(drops.get(drop));
  }

  public void remove(String drop) {
    drops.remove(drop);
  }

  /**
   * Whether a ticket still opens the drop, as {@code AccessService.admit} decides for tokens: it is
   * for this incarnation of the drop, and a guest's is for the current password if there is one.
   */
  public boolean admits(XmppTickets.Ticket t) {
    State s = drops.get(t.drop());
    if (s == null || !s.incarnation().equals(t.incarnation())) return false;
    return t.role() == Role.ADMIN || !s.passwordProtected() || t.accessVersion() == s.accessVersion();
  }
}
