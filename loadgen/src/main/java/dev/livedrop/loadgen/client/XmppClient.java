package dev.livedrop.loadgen.client;

import dev.livedrop.loadgen.transport.Connection;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Consumer;

/**
 * A minimal, strict XMPP client session: stream, SASL (ANONYMOUS or PLAIN), restart, resource
 * binding; then it answers pings and hands messages and presences to the scenario. Every step
 * that fails is reported, never retried silently: a benchmark that hides failures lies.
 */
public final class XmppClient implements Connection.Listener {
  private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
  private static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
  private static final String STREAMS = "http://etherx.jabber.org/streams";
  private static final String PING = "urn:xmpp:ping";

  private enum State { CONNECTING, AUTHENTICATING, BINDING, READY, CLOSED }

  private final Connection connection;
  private final String domain;
  private final Login login;
  private final Promise<String> ready = Promise.promise();
  private final Promise<String> closedPromise = Promise.promise();
  private State state = State.CONNECTING;
  private boolean authenticated;
  private String jid;
  private Consumer<Element> onMessage = m -> {};
  private Consumer<Element> onPresence = p -> {};
  private Consumer<Element> onIqResult = r -> {};
  private int nextId;

  public XmppClient(Connection connection, String domain, Login login) {
    this.connection = connection;
    this.domain = domain;
    this.login = login;
  }

  /** Connects and logs in; completes with the bound full JID. */
  public Future<String> start() {
    connection.open(domain, this);
    return ready.future();
  }

  /** Completes when the session ends, with the reason (null if we closed it). */
  public Future<String> closed() {
    return closedPromise.future();
  }

  public String jid() {
    return jid;
  }

  public boolean isReady() {
    return state == State.READY;
  }

  public void onMessage(Consumer<Element> handler) {
    this.onMessage = handler;
  }

  public void onPresence(Consumer<Element> handler) {
    this.onPresence = handler;
  }

  public void onIqResult(Consumer<Element> handler) {
    this.onIqResult = handler;
  }

  public void send(Element stanza) {
    // Always with its namespace: WebSocket messages and BOSH bodies do not inherit jabber:client.
    connection.send(XmlWriter.toXml(stanza, ""));
  }

  /** Sends preserialized XML (a broadcast built once for many clients, say). */
  public void sendRaw(String xml) {
    connection.send(xml);
  }

  public String nextId() {
    return "lg" + (nextId++);
  }

  public void close() {
    if (state == State.CLOSED) return;
    state = State.CLOSED;
    connection.close();
    closedPromise.tryComplete(null);
  }

  @Override
  public void opened() {
    // Features follow; nothing to do until they arrive.
  }

  @Override
  public void element(Element e) {
    if (e.is("error", STREAMS)) {
      String condition = e.elements().findFirst().map(Element::name).orElse("unknown");
      fail("stream error: " + condition);
      return;
    }
    switch (state) {
      case CONNECTING, AUTHENTICATING -> negotiate(e);
      case BINDING -> bound(e);
      case READY -> stanza(e);
      case CLOSED -> {}
    }
  }

  private void negotiate(Element e) {
    if (e.is("features", STREAMS) && !authenticated) {
      boolean offered = e.child("mechanisms", SASL).map(m -> m.elements()
          .anyMatch(x -> login.mechanism().equals(x.text()))).orElse(false);
      if (!offered) {
        fail("server does not offer SASL " + login.mechanism());
        return;
      }
      state = State.AUTHENTICATING;
      connection.send("<auth xmlns='" + SASL + "' mechanism='" + login.mechanism() + "'>" + login.initialResponse() + "</auth>");
    } else if (e.is("success", SASL)) {
      authenticated = true;
      connection.restart();
    } else if (e.is("failure", SASL)) {
      fail("SASL failure: " + e.elements().findFirst().map(Element::name).orElse("unknown"));
    } else if (e.is("features", STREAMS) && authenticated) {
      if (e.child("bind", BIND).isEmpty()) {
        fail("no resource binding offered");
        return;
      }
      state = State.BINDING;
      connection.send("<iq xmlns='jabber:client' type='set' id='bind'><bind xmlns='" + BIND + "'/></iq>");
    }
  }

  private void bound(Element e) {
    if (!e.name().equals("iq") || !"bind".equals(e.attr("id"))) return;
    if (!"result".equals(e.attr("type"))) {
      fail("bind refused");
      return;
    }
    jid = e.child("bind", BIND).map(b -> b.childText("jid", BIND)).orElse(null);
    state = State.READY;
    ready.tryComplete(jid);
  }

  private void stanza(Element e) {
    switch (e.name()) {
      case "message" -> onMessage.accept(e);
      case "presence" -> onPresence.accept(e);
      case "iq" -> iq(e);
      default -> {}
    }
  }

  private void iq(Element e) {
    String type = e.attr("type");
    if ("get".equals(type) && e.child("ping", PING).isPresent()) {
      // XEP-0199: answer the server's keepalive pings, or be dropped as dead.
      Element r = new Element("iq", "jabber:client").attr("type", "result").attr("id", e.attr("id"));
      if (e.attr("from") != null) r.attr("to", e.attr("from"));
      send(r);
    } else if ("result".equals(type) || "error".equals(type)) {
      onIqResult.accept(e);
    } else if ("get".equals(type) || "set".equals(type)) {
      Element r = new Element("iq", "jabber:client").attr("type", "error").attr("id", e.attr("id"));
      if (e.attr("from") != null) r.attr("to", e.attr("from"));
      r.addChild("error").attr("type", "cancel")
          .addChild("service-unavailable", "urn:ietf:params:xml:ns:xmpp-stanzas");
      send(r);
    }
  }

  @Override
  public void closed(String reason) {
    boolean wasReady = state == State.READY;
    state = State.CLOSED;
    if (!wasReady) ready.tryFail(reason == null ? "closed before login" : reason);
    closedPromise.tryComplete(reason == null ? (wasReady ? null : "closed") : reason);
  }

  private void fail(String why) {
    state = State.CLOSED;
    ready.tryFail(why);
    closedPromise.tryComplete(why);
    connection.close();
  }
}
