package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.xml.Element;

/** Someone asking to enter: the presence they sent, who they are, their affiliation here. */
public record JoinRequest(String nick, String realJid, String realBareJid, Affiliation affiliation, Element presence,
    boolean creating) {

  /** The {@code <x xmlns='http://jabber.org/protocol/muc'/>} of the join presence, if any. */
  public Element mucElement() {
    return presence.child("x", dev.livedrop.xmpp.Namespaces.MUC).orElse(null);
  }
}
