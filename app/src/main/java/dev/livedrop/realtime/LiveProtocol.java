package dev.livedrop.realtime;

/** What livedrop adds on the wire of a drop's room, in one place. */
public final class LiveProtocol {
  /** The element carrying an event's machine-readable form inside a groupchat message. */
  public static final String EVENT_NS = "urn:livedrop:event:1";
  public static final String EVENT_ELEMENT = "event";
  /** XEP-0359 origin-id: our stable event id, so receivers can drop a duplicate. */
  public static final String ORIGIN_ID_NS = "urn:xmpp:sid:0";
  /** How every event's id and origin-id begin ({@code Change.eventId}); nobody else may use them. */
  public static final String EVENT_ID_PREFIX = "ev-";
  /** The nickname the service posts under, as an occupant of every drop's room. */
  public static final String SERVICE_NICK = "livedrop";

  private LiveProtocol() {}
}
