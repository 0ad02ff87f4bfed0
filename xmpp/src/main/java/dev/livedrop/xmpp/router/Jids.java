package dev.livedrop.xmpp.router;

import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * JIDs parsed and normalized by jxmpp (RFC 7622 PRECIS profiles via rocks.xmpp.precis), as
 * strings: the router compares normalized forms only.
 */
public final class Jids {
  private Jids() {}

  public record Parsed(String localpart, String domain, String resource) {
    public String bare() {
      return localpart == null ? domain : localpart + "@" + domain;
    }

    public String full() {
      return resource == null ? bare() : bare() + "/" + resource;
    }
  }

  /** The normalized parts, or null if {@code s} is not a valid JID. */
  public static Parsed parse(String s) {
    if (s == null || s.isEmpty() || s.length() > 3071) return null;
    try {
      Jid jid = JidCreate.from(s);
      String local = jid.getLocalpartOrNull() == null ? null : jid.getLocalpartOrNull().toString();
      String resource = jid.getResourceOrNull() == null ? null : jid.getResourceOrNull().toString();
      return new Parsed(local, jid.getDomain().toString(), resource);
    } catch (XmppStringprepException | IllegalArgumentException e) {
      return null;
    }
  }

  public static String bare(String jid) {
    if (jid == null) return null;
    int slash = jid.indexOf('/');
    return slash < 0 ? jid : jid.substring(0, slash);
  }

  public static String resource(String jid) {
    int slash = jid == null ? -1 : jid.indexOf('/');
    return slash < 0 ? null : jid.substring(slash + 1);
  }
}
