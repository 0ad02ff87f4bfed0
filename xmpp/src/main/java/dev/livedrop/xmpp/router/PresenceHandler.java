package dev.livedrop.xmpp.router;

import dev.livedrop.xmpp.xml.Element;

/**
 * The server's side of presence (RFC 6121 §3, §4) for users of its own domain, plugged into the
 * router by the roster service. Without one, presence goes only to the user's own resources.
 */
public interface PresenceHandler {
  /** Presence a resource sent without 'to' (§4.2 initial, §4.4 update, §4.5 unavailable). */
  void broadcast(Element presence);

  /** A subscription stanza or probe (§3, §4.3) from a local resource to an address on this domain. */
  void subscription(Element presence, Jids.Parsed to);

  /** A resource unbound, whether or not it said unavailable first (§4.5.2). */
  void resourceGone(Delivery resource);
}
