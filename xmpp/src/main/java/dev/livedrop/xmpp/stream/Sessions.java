package dev.livedrop.xmpp.stream;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Every open session, bound or not, so shutdown can tell each one (system-shutdown), and their counts. */
public final class Sessions {
  private final Set<Session> open = ConcurrentHashMap.newKeySet();
  private final StreamStats stats = new StreamStats();

  public StreamStats stats() {
    return stats;
  }

  /** Open sessions by transport ({@link Transport#kind}); a walk over all of them, for an occasional scrape. */
  public Map<String, Integer> countByTransport() {
    var counts = new TreeMap<String, Integer>();
    for (Session s : open) counts.merge(s.transport().kind(), 1, Integer::sum);
    return counts;
  }

  void add(Session s) {
    open.add(s);
  }

  void remove(Session s) {
    open.remove(s);
  }

  public int count() {
    return open.size();
  }

  public void shutdownAll() {
    for (Session s : open) {
      s.transport().context().runOnContext(v -> s.fail(new StreamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "The server is shutting down.")));
    }
  }

  /**
   * One slot of the idle round: disconnects the slot's sessions that have been idle longer than
   * their limit and pings those idle a while (XEP-0199). Every session is in one of the round's
   * {@code slots}, drawn at random when it opened, so each is still looked at once per round, but
   * sessions that opened together are not pinged together: in one tick, thousands of quiet
   * viewers of a drop were pinged at once, and their answers held up every other stanza.
   */
  public void checkIdle(long now, long pingAfterMillis, long idleMillis, long tick, int slots) {
    for (Session s : open) {
      if (due(s.idleSlot(), tick, slots)) s.transport().context().runOnContext(v -> s.checkIdle(now, pingAfterMillis, idleMillis));
    }
  }

  /** Whether a session in {@code sessionSlot} is looked at on {@code tick} of rounds of {@code slots}. */
  static boolean due(int sessionSlot, long tick, int slots) {
    return Math.floorMod(sessionSlot, slots) == Math.floorMod(tick, slots);
  }
}
