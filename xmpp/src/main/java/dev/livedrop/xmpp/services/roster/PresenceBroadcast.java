package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Delivery;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 6121 §4 for accounts: presence a resource sends without 'to' goes to the account's own
 * resources and to contacts subscribed to it ('from', 'both'); initial presence also fetches the
 * presence of contacts it is subscribed to ('to', 'both', §4.3, answered locally without probe
 * stanzas) and the subscription requests still waiting (§3.1.3). Logins that are not accounts
 * (a drop's viewers) have no roster: their presence goes to their own resources, as before.
 */
final class PresenceBroadcast {
  private final Router router;
  private final RosterStore store;
  private final Accounts accounts;
  /** The last available presence of each resource of an account; a resource absent here is unavailable. */
  private final Map<String, Element> last = new ConcurrentHashMap<>();

  PresenceBroadcast(Router router, RosterStore store, Accounts accounts) {
    this.router = router;
    this.store = store;
    this.accounts = accounts;
  }

  void fromResource(Element presence) {
    String full = presence.attr("from");
    String bare = Jids.bare(full);
    String type = presence.attr("type");
    if (!accounts.isAccount(bare) || (type != null && !type.equals("unavailable"))) {
      toOwnResources(presence, bare);
      return;
    }
    if (type == null) {
      Element kept = presence.copy();
      boolean initial = last.put(full, kept) == null;
      toOwnResources(presence, bare);
      toSubscribers(bare, kept);
      if (initial) initialPresence(full, bare);
    } else {
      last.remove(full);
      toOwnResources(presence, bare);
      toSubscribers(bare, presence);
    }
  }

  /** §4.5.2: a resource gone without saying so is unavailable to everyone who saw it available. */
  void resourceGone(Delivery resource) {
    if (last.remove(resource.fullJid()) == null) return;
    Element unavailable = new Element("presence", Namespaces.CLIENT).attr("type", "unavailable").attr("from", resource.fullJid());
    toOwnResources(unavailable, resource.bareJid());
    toSubscribers(resource.bareJid(), unavailable);
  }

  /** §4.2.2-§4.2.3 and §3.1.3: what a resource that just became available is told. */
  private void initialPresence(String full, String bare) {
    Delivery self = router.find(full);
    if (self == null) return;
    List<String> contacts = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    store.read(Jids.parse(bare).localpart(), r -> {
      for (RosterItem i : r.items()) if (i.subscription().to()) contacts.add(i.jid());
      pending.addAll(r.pendingIn());
      return null;
    });
    for (String contact : contacts) sendCurrent(contact, self);
    for (String other : availableResources(bare)) {
      if (!other.equals(full)) deliverCopy(last.get(other), full, self);
    }
    for (String from : pending) {
      self.deliver(new Element("presence", Namespaces.CLIENT).attr("type", "subscribe").attr("from", from).attr("to", bare));
    }
  }

  /** The current presence of every available resource of {@code contact}, to one resource. */
  void sendCurrent(String contact, Delivery to) {
    for (String full : availableResources(contact)) deliverCopy(last.get(full), to.fullJid(), to);
  }

  /** §3.1.5: the current presence of every available resource of {@code user}, to a contact's available resources. */
  void sendCurrent(String user, String contact) {
    for (Delivery d : available(contact)) sendCurrent(user, d);
  }

  /** §3.2.2, §3.3.3: {@code user} is no longer visible to {@code contact}. */
  void sendUnavailable(String user, String contact) {
    for (String full : availableResources(user)) {
      toAvailable(contact, new Element("presence", Namespaces.CLIENT).attr("type", "unavailable").attr("from", full).attr("to", contact));
    }
  }

  /** Delivers a stanza to every available resource of a bare JID. */
  void toAvailable(String bare, Element stanza) {
    for (Delivery d : available(bare)) d.deliver(stanza);
  }

  private void toSubscribers(String bare, Element presence) {
    List<String> subscribers = store.read(Jids.parse(bare).localpart(),
        r -> r.items().stream().filter(i -> i.subscription().from()).map(RosterItem::jid).toList());
    for (String contact : subscribers) {
      Element addressed = presence.copy().attr("to", contact);
      toAvailable(contact, addressed);
    }
  }

  private void toOwnResources(Element presence, String bare) {
    // §4.2.2, §4.4.2: every available resource, the sender included; unavailable to all of them.
    for (Delivery d : router.resources(bare)) if (d.available() || "unavailable".equals(presence.attr("type"))) d.deliver(presence);
  }

  private List<String> availableResources(String bare) {
    List<String> out = new ArrayList<>();
    for (Delivery d : router.resources(bare)) if (last.containsKey(d.fullJid())) out.add(d.fullJid());
    return out;
  }

  private List<Delivery> available(String bare) {
    return router.resources(bare).stream().filter(Delivery::available).toList();
  }

  private static void deliverCopy(Element presence, String to, Delivery d) {
    if (presence != null) d.deliver(presence.copy().attr("to", to));
  }
}
