package dev.livedrop.xmpp.services.roster;

/**
 * RFC 6121 §2.1.2.5: the 'subscription' of a roster item, as two directions: whether the user
 * receives the contact's presence ({@code to}) and whether the contact receives the user's
 * ({@code from}).
 */
public enum Subscription {
  NONE("none"), TO("to"), FROM("from"), BOTH("both");

  private final String value;

  Subscription(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public boolean to() {
    return this == TO || this == BOTH;
  }

  public boolean from() {
    return this == FROM || this == BOTH;
  }

  public static Subscription of(boolean to, boolean from) {
    return to ? (from ? BOTH : TO) : (from ? FROM : NONE);
  }

  public Subscription withTo(boolean to) {
    return of(to, from());
  }

  public Subscription withFrom(boolean from) {
    return of(to(), from);
  }

  public static Subscription parse(String value) {
    for (Subscription s : values()) if (s.value.equals(value)) return s;
    return NONE;
  }
}
