package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.router.Delivery;
import dev.livedrop.xmpp.xml.Element;

/** Someone in a room: their nickname, real JID, role, and last presence (for late joiners). */
public final class Occupant {
  private String nick;
  private final String realJid;
  private Role role;
  private Element presence;
  /** The occupant's session, held so a broadcast to thousands costs no lookup per recipient. */
  private Delivery delivery;

  Occupant(String nick, String realJid, Role role, Element presence) {
    this.nick = nick;
    this.realJid = realJid;
    this.role = role;
    this.presence = presence;
  }

  public String nick() {
    return nick;
  }

  void nick(String n) {
    nick = n;
  }

  public String realJid() {
    return realJid;
  }

  public String realBareJid() {
    int slash = realJid.indexOf('/');
    return slash < 0 ? realJid : realJid.substring(0, slash);
  }

  public Role role() {
    return role;
  }

  void role(Role r) {
    role = r;
  }

  /** The occupant's own presence payload (show, status, priority...), without MUC extensions. */
  Element presence() {
    return presence;
  }

  void presence(Element p) {
    presence = p;
  }

  Delivery delivery() {
    return delivery;
  }

  void delivery(Delivery d) {
    delivery = d;
  }
}
