package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.xml.Element;
import io.vertx.core.Context;

/**
 * What a session needs of its connection. Each transport only frames (TCP: a byte stream with
 * STARTTLS; WebSocket: RFC 7395 messages; BOSH: XEP-0124 bodies); everything else is the session's.
 * Every call is made on the transport's own context.
 */
public interface Transport {
  /** Opens (or, after a restart, re-opens) our side of the stream. */
  void openStream(String streamId, String from, String to, String lang);

  /** One stanza or nonza (features, SASL replies) in the stream's content namespace. */
  void send(Element element);

  /** A stanza already serialized for many recipients, with this one's {@code to} spliced in. */
  void send(Outbound outbound, String to);

  /** Sends the stream error and closes the stream and the connection (RFC 6120 §4.9.1.1). */
  void fail(StreamError error);

  /** Closes the stream cleanly ({@code </stream:stream>}, {@code <close/>}, BOSH terminate). */
  void close();

  /** Whether the connection is already confidential (TLS, or HTTPS in front of BOSH/WebSocket). */
  boolean secure();

  /** Whether STARTTLS can be offered on this transport (TCP only). */
  default boolean canStartTls() {
    return false;
  }

  /** Upgrades to TLS after {@code <proceed/>}; the session restarts the stream when done. */
  default void startTls(Runnable onSecure) {
    throw new UnsupportedOperationException("STARTTLS is TCP only");
  }

  /**
   * The next thing the client sends is a new stream header (after {@code <success/>} or
   * {@code <proceed/>}, RFC 6120 §4.3.3): the transport starts a fresh parser.
   */
  default void expectRestart() {}

  /** Whether a stream restart after SASL/TLS is a new stream header on the wire (TCP, WebSocket). */
  default boolean restartsWithHeader() {
    return true;
  }

  /** A whitespace keepalive where the framing allows one (TCP, RFC 6120 §4.6.1). */
  default void keepalive() {}

  /** Whether the transport's write queue is over its bound (a slow reader). */
  boolean congested();

  Context context();

  String remoteAddress();

  /** What carries the stream, for operators: "tcp", "websocket" or "bosh". */
  String kind();
}
