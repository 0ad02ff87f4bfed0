package dev.livedrop.xmpp.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every open session, bound or not, so shutdown can tell each one (system-shutdown). */
public final class Sessions {
  private final Set<Session> open = ConcurrentHashMap.newKeySet();

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

  /** Disconnects sessions idle longer than their limit; pings those idle a while (XEP-0199). */
  public void checkIdle(long now, long pingAfterMillis, long idleMillis) {
    for (Session s : open) s.transport().context().runOnContext(v -> s.checkIdle(now, pingAfterMillis, idleMillis));
  }
}
