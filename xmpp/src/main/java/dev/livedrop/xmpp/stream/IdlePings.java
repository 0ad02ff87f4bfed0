package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether a client is still there (XEP-0199 §4.2): a quiet one gets transport keepalives, then a
 * ping once bound; one that stays silent past the idle limit, or past twice the ping interval with
 * a ping unanswered, is gone. Runs on the session's context.
 */
final class IdlePings {
  /** What a check found. */
  enum Verdict { FINE, GONE }

  private final Transport transport;
  private volatile long lastHeard = System.currentTimeMillis();
  private boolean pingOutstanding;
  // Each session in its own slot of the idle round, so sessions that opened together are not pinged together.
  private final int slot = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);

  IdlePings(Transport transport) {
    this.transport = transport;
  }

  int slot() {
    return slot;
  }

  /** Anything arrived from the client. */
  void heard() {
    lastHeard = System.currentTimeMillis();
  }

  /** An element arrived: whatever it is, it answers an outstanding ping too. */
  void heardElement() {
    heard();
    pingOutstanding = false;
  }

  /** How long the client has been silent, in milliseconds. */
  long quietFor(long now) {
    return now - lastHeard;
  }

  /** Keepalives and pings as due; GONE when the client is to be disconnected. {@code boundJid} null before binding. */
  Verdict check(long now, long pingAfterMillis, long idleMillis, String domain, String boundJid, String pingId) {
    long quiet = now - lastHeard;
    if (quiet > idleMillis || (pingOutstanding && quiet > pingAfterMillis * 2)) return Verdict.GONE;
    if (quiet > pingAfterMillis / 2) transport.keepalive();
    if (quiet > pingAfterMillis && boundJid != null && !pingOutstanding) {
      pingOutstanding = true;
      Element ping = new Element("iq", Namespaces.CLIENT).attr("type", "get").attr("id", pingId)
          .attr("from", domain).attr("to", boundJid);
      ping.addChild("ping", Namespaces.PING);
      transport.send(ping);
    }
    return Verdict.FINE;
  }
}
