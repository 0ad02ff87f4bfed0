package dev.livedrop.xmpp.router;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * JIDs parsed and normalized by jxmpp (RFC 7622 PRECIS profiles via rocks.xmpp.precis), as
 * strings: the router compares normalized forms only.
 */
public final class Jids {
  private Jids() {}

  /** A JID's normalized parts, with its bare and full forms made once. */
  public static final class Parsed {
    private final String localpart;
    private final String domain;
    private final String resource;
    private final String bare;
    private final String full;

    Parsed(String localpart, String domain, String resource) {
      this.localpart = localpart;
      this.domain = domain;
      this.resource = resource;
      this.bare = localpart == null ? domain : localpart + "@" + domain;
      this.full = resource == null ? bare : bare + "/" + resource;
    }

    public String localpart() {
      return localpart;
    }

    public String domain() {
      return domain;
    }

    public String resource() {
      return resource;
    }

    public String bare() {
      return bare;
    }

    public String full() {
      return full;
    }

    @Override
    public String toString() {
      return full;
    }
  }

  // Every routed stanza's 'to' is parsed, and PRECIS is real work; a room's address comes back
  // hundreds of times a second. jxmpp caches 100 JIDs, far fewer than a server's rooms and
  // sessions. Valid, short JIDs only (bounded memory whatever clients send), in two generations:
  // when the newer fills up it becomes the older and the oldest is dropped; a JID found in the
  // older is put in the newer again. What the server keeps seeing stays cached (emptying one full map lost
  // the hot JIDs with the cold), in at most twice CACHED_MAX entries, with no lock on the way in.
  private static final int CACHED_MAX = 8192;
  private static final int CACHED_LENGTH_MAX = 256;
  private static volatile Map<String, Parsed> newer = new ConcurrentHashMap<>();
  private static volatile Map<String, Parsed> older = Map.of();

  /** The normalized parts, or null if {@code s} is not a valid JID. */
  public static Parsed parse(String s) {
    if (s == null || s.isEmpty() || s.length() > 3071) return null;
    Parsed p = newer.get(s);
    if (p != null) return p;
    p = older.get(s);
    if (p == null) p = parseUncached(s);
    if (p != null && s.length() <= CACHED_LENGTH_MAX) remember(s, p);
    return p;
  }

  private static void remember(String s, Parsed p) {
    Map<String, Parsed> into = newer;
    if (into.size() >= CACHED_MAX) {
      synchronized (Jids.class) {
        if (newer == into) {
          older = into;
          newer = new ConcurrentHashMap<>();
        }
        into = newer;
      }
    }
    into.put(s, p);
  }

  private static Parsed parseUncached(String s) {
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
