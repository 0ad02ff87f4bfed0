package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Delivery;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.xml.Element;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RFC 6121 §2.1.6: every change of a roster is pushed to the account's interested resources,
 * those that asked for the roster since they bound.
 */
final class RosterPushes {
  private final Router router;
  private final Set<String> interested = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();

  RosterPushes(Router router) {
    this.router = router;
  }

  void interested(String fullJid) {
    interested.add(fullJid);
  }

  void gone(String fullJid) {
    interested.remove(fullJid);
  }

  void push(String bare, RosterItem item) {
    push(bare, item.toElement());
  }

  /** §2.5.2: a removed item is pushed with subscription='remove'. */
  void pushRemoval(String bare, String jid) {
    push(bare, new Element("item", Namespaces.ROSTER).attr("jid", jid).attr("subscription", "remove"));
  }

  private void push(String bare, Element item) {
    for (Delivery d : router.resources(bare)) {
      if (!interested.contains(d.fullJid())) continue;
      // §2.1.6: a push has no 'from' (it comes from the user's own account), and is an IQ set.
      Element iq = new Element("iq", Namespaces.CLIENT).attr("type", "set").attr("id", "push-" + ids.incrementAndGet())
          .attr("to", d.fullJid());
      iq.addChild("query", Namespaces.ROSTER).add(item.copy());
      d.deliver(iq);
    }
  }
}
