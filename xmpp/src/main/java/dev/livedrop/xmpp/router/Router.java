package dev.livedrop.xmpp.router;

import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stanzas between connected resources, the server's own IQ services and components
 * (RFC 6120 §10, RFC 6121 §8). Every stanza it is given has a {@code from} the session verified.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private final String domain;
  private final Map<String, List<Delivery>> byBare = new ConcurrentHashMap<>();
  private final Map<String, Component> components = new ConcurrentHashMap<>();
  private final Map<String, IqHandler> iqHandlers = new ConcurrentHashMap<>();
  private volatile PresenceHandler presence;

  public Router(String domain) {
    this.domain = domain;
  }

  public String domain() {
    return domain;
  }

  public void addComponent(Component c) {
    components.put(c.domain(), c);
  }

  public void addIqHandler(IqHandler h) {
    iqHandlers.put(h.namespace(), h);
  }

  public void setPresenceHandler(PresenceHandler h) {
    presence = h;
  }

  public List<String> serverFeatures() {
    var features = new ArrayList<String>();
    iqHandlers.values().forEach(h -> features.addAll(h.features()));
    return features;
  }

  public List<String> componentDomains() {
    return List.copyOf(components.keySet());
  }

  /** Binds a resource; returns the session already bound to that full JID, which must go. */
  public Delivery bind(Delivery d) {
    List<Delivery> list = byBare.computeIfAbsent(d.bareJid(), k -> new CopyOnWriteArrayList<>());
    Delivery old = null;
    for (Delivery existing : list) {
      if (existing.fullJid().equals(d.fullJid())) old = existing;
    }
    if (old != null) list.remove(old);
    list.add(d);
    return old;
  }

  public void unbind(Delivery d) {
    byBare.computeIfPresent(d.bareJid(), (k, list) -> {
      list.remove(d);
      return list.isEmpty() ? null : list;
    });
    PresenceHandler p = presence;
    if (p != null) p.resourceGone(d);
    components.values().forEach(c -> c.sessionEnded(d.fullJid()));
  }

  public int sessionCount() {
    return byBare.values().stream().mapToInt(List::size).sum();
  }

  public List<Delivery> resources(String bareJid) {
    return byBare.getOrDefault(bareJid, List.of());
  }

  /** Routes a stanza from a local session or component. */
  public void route(Element stanza) {
    try {
      routeOrThrow(stanza);
    } catch (StanzaError e) {
      bounce(stanza, e);
    } catch (RuntimeException e) {
      log.warn("routing failed for {}", stanza.name(), e);
      bounce(stanza, new StanzaError(Condition.INTERNAL_SERVER_ERROR, null));
    }
  }

  private void routeOrThrow(Element stanza) {
    String to = stanza.attr("to");
    String from = stanza.attr("from");
    if (to == null) {
      toAccount(stanza, Jids.bare(from));
      return;
    }
    Jids.Parsed target = Jids.parse(to);
    if (target == null) throw new StanzaError(Condition.JID_MALFORMED, "'" + to + "' is not a valid JID.");
    stanza.attr("to", target.full());
    Component component = components.get(target.domain());
    if (component != null) {
      component.receive(stanza);
    } else if (!target.domain().equals(domain)) {
      throw new StanzaError(Condition.REMOTE_SERVER_NOT_FOUND, "This server talks to no other servers.");
    } else if (target.localpart() == null) {
      toServer(stanza);
    } else if (presence != null && Stanzas.isPresence(stanza) && Stanzas.isSubscriptionOrProbe(stanza)) {
      presence.subscription(stanza, target);
    } else if (target.resource() != null) {
      toFullJid(stanza, target);
    } else if (target.bare().equals(Jids.bare(from))) {
      toAccount(stanza, target.bare());
    } else {
      toBareJid(stanza, target.bare());
    }
  }

  private void toServer(Element stanza) {
    if (Stanzas.isIq(stanza)) {
      answerIq(stanza);
    } else if (Stanzas.isMessage(stanza) && !Stanzas.isError(stanza)) {
      throw new StanzaError(Condition.SERVICE_UNAVAILABLE, "The server itself takes no messages.");
    }
    // Presence to the server: nothing to do (RFC 6121 §4.3 probes are the server's own business).
  }

  /** A stanza without 'to', or to the sender's own bare JID: the server answers for the account. */
  private void toAccount(Element stanza, String bare) {
    if (Stanzas.isIq(stanza)) {
      answerIq(stanza);
    } else if (Stanzas.isPresence(stanza) && stanza.attr("to") == null && presence != null) {
      presence.broadcast(stanza);
    } else if (Stanzas.isPresence(stanza)) {
      // RFC 6121 §4.2.2 / §4.4.2: broadcast to the user's own available resources.
      for (Delivery d : resources(bare)) if (d.available() || "unavailable".equals(stanza.attr("type"))) d.deliver(stanza);
    } else {
      toBareJid(stanza, bare);
    }
  }

  private void answerIq(Element iq) {
    String type = Stanzas.type(iq);
    if (type.equals("result") || type.equals("error")) return;
    Element payload = iq.firstChild().orElseThrow(() -> new StanzaError(Condition.BAD_REQUEST, "An IQ get or set has one child."));
    IqHandler handler = iqHandlers.get(payload.namespace());
    if (handler == null) throw new StanzaError(Condition.SERVICE_UNAVAILABLE, null);
    deliverTo(iq.attr("from"), handler.handle(iq));
  }

  private void toFullJid(Element stanza, Jids.Parsed target) {
    for (Delivery d : resources(target.bare())) {
      if (d.fullJid().equals(target.full())) {
        d.deliver(stanza);
        return;
      }
    }
    // RFC 6121 §8.5.3.2: no such resource.
    if (Stanzas.isMessage(stanza)) {
      String type = Stanzas.type(stanza);
      if (type.equals("chat") || type.equals("normal")) {
        toBareJid(stanza, target.bare());
      } else if (type.equals("groupchat")) {
        throw new StanzaError(Condition.SERVICE_UNAVAILABLE, null);
      }
    } else if (Stanzas.isIq(stanza)) {
      throw new StanzaError(Condition.SERVICE_UNAVAILABLE, null);
    }
  }

  /** RFC 6121 §8.5.2: messages to every available resource of non-negative priority. */
  private void toBareJid(Element stanza, String bare) {
    List<Delivery> targets = resources(bare);
    if (Stanzas.isMessage(stanza)) {
      String type = Stanzas.type(stanza);
      if (type.equals("error")) return;
      int delivered = 0;
      for (Delivery d : targets) {
        if (d.available() && d.priority() >= 0) {
          d.deliver(stanza);
          delivered++;
        }
      }
      if (delivered == 0 && !type.equals("headline") && !type.equals("groupchat")) {
        throw new StanzaError(Condition.SERVICE_UNAVAILABLE, "No resource is available and messages are not stored.");
      }
    } else if (Stanzas.isPresence(stanza)) {
      for (Delivery d : targets) if (d.available()) d.deliver(stanza);
    } else if (Stanzas.isIq(stanza)) {
      String type = Stanzas.type(stanza);
      if (!type.equals("result") && !type.equals("error")) throw new StanzaError(Condition.SERVICE_UNAVAILABLE, null);
    }
  }

  /** Delivers to one connected full JID (components use this for their replies and broadcasts). */
  public boolean deliverTo(String fullJid, Element stanza) {
    Jids.Parsed target = Jids.parse(fullJid);
    if (target == null) return false;
    for (Delivery d : resources(target.bare())) {
      if (target.resource() == null || d.fullJid().equals(target.full())) {
        d.deliver(stanza);
        if (target.resource() != null) return true;
      }
    }
    return false;
  }

  public boolean deliverTo(Delivery d, Outbound stanza, String to) {
    d.deliver(stanza, to);
    return true;
  }

  /** Finds the connected resource for a full JID, for components that broadcast. */
  public Delivery find(String fullJid) {
    String bare = Jids.bare(fullJid);
    for (Delivery d : resources(bare)) if (d.fullJid().equals(fullJid)) return d;
    return null;
  }

  /** RFC 6120 §8.3.1: an error goes back to the sender; an error about an error goes nowhere. */
  public void bounce(Element stanza, StanzaError error) {
    if (Stanzas.isError(stanza) || stanza.attr("from") == null) return;
    if (Stanzas.isIq(stanza) && "result".equals(stanza.attr("type"))) return;
    deliverTo(stanza.attr("from"), error.replyTo(stanza, domain));
  }

}
