package dev.livedrop.xmpp.transport;

import dev.livedrop.xmpp.stream.Outbound;

/**
 * The escaped bytes of the address a connection's broadcasts are spliced with. Every delivery to
 * a session carries its own full JID, so it is escaped once per connection, not once per message.
 * Any thread: a stale read only escapes again.
 */
public final class RecipientCache {
  private volatile Entry last = new Entry("", new byte[0]);

  public byte[] escaped(String to) {
    Entry e = last;
    if (!e.jid().equals(to)) {
      e = new Entry(to, Outbound.escapedJid(to));
      last = e;
    }
    return e.escaped();
  }

  private record Entry(String jid, byte[] escaped) {}
}
