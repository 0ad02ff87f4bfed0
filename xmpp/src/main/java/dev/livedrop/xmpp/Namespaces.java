package dev.livedrop.xmpp;

/** Every XML namespace the server speaks, in one place. */
public final class Namespaces {
  private Namespaces() {}

  // RFC 6120
  public static final String STREAMS = "http://etherx.jabber.org/streams";
  public static final String CLIENT = "jabber:client";
  public static final String SERVER = "jabber:server";
  public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
  public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
  public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
  public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
  /** RFC 3921 §3: the session IQ old clients still send; a no-op since RFC 6121. */
  public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
  public static final String XML = "http://www.w3.org/XML/1998/namespace";

  // RFC 6121
  public static final String ROSTER = "jabber:iq:roster";

  // RFC 7395 (WebSocket framing)
  public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

  // XEP-0124 / XEP-0206
  public static final String HTTPBIND = "http://jabber.org/protocol/httpbind";
  public static final String XBOSH = "urn:xmpp:xbosh";

  // XEP-0030
  public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
  public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
  // XEP-0199
  public static final String PING = "urn:xmpp:ping";
  // XEP-0092
  public static final String VERSION = "jabber:iq:version";
  // XEP-0359
  public static final String STANZA_ID = "urn:xmpp:sid:0";
  // XEP-0077
  public static final String REGISTER = "jabber:iq:register";
  public static final String REGISTER_FEATURE = "http://jabber.org/features/iq-register";
  // XEP-0004
  public static final String DATA_FORMS = "jabber:x:data";
  // XEP-0203
  public static final String DELAY = "urn:xmpp:delay";
  // XEP-0313 (message archive management), with XEP-0059 result set paging and XEP-0297 forwarding
  public static final String MAM = "urn:xmpp:mam:2";
  public static final String RSM = "http://jabber.org/protocol/rsm";
  public static final String FORWARD = "urn:xmpp:forward:0";

  // XEP-0045
  public static final String MUC = "http://jabber.org/protocol/muc";
  public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
  public static final String MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
  public static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
  public static final String MUC_ROOMCONFIG = "http://jabber.org/protocol/muc#roomconfig";
  public static final String MUC_ROOMINFO = "http://jabber.org/protocol/muc#roominfo";
}
