package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.IqHandler;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * RFC 6121 §2: roster get, and set to add, update or remove an item. Versioning (§2.6) is not
 * offered, so a 'ver' from the client is ignored and the whole roster comes back. Logins that are
 * not accounts get an empty roster and may not change it.
 */
final class RosterQueries implements IqHandler {
  /** Longest name or group we keep (RFC 6121 §2.3.3 lets the server choose). */
  static final int MAX_TEXT = 1023;
  private final String domain;
  private final RosterStore store;
  private final RosterPushes pushes;
  private final Subscriptions subscriptions;
  private final Accounts accounts;

  RosterQueries(String domain, RosterStore store, RosterPushes pushes, Subscriptions subscriptions, Accounts accounts) {
    this.domain = domain;
    this.store = store;
    this.pushes = pushes;
    this.subscriptions = subscriptions;
    this.accounts = accounts;
  }

  @Override
  public String namespace() {
    return Namespaces.ROSTER;
  }

  @Override
  public Element handle(Element iq) {
    String from = iq.attr("from");
    String user = Jids.bare(from);
    String to = iq.attr("to");
    // §2.1.5: a roster is asked of one's own account (no 'to', or the user's bare JID).
    if (to != null && !to.equals(user) && !to.equals(domain)) throw new StanzaError(Condition.FORBIDDEN, null);
    Element result = Stanzas.result(iq, domain);
    result.attr("from", null); // §2.1.4: a roster result comes from the user's own account
    if ("get".equals(iq.attr("type"))) {
      Element query = result.addChild("query", Namespaces.ROSTER);
      if (accounts.isAccount(user)) {
        pushes.interested(from);
        store.read(Accounts.localpart(user), r -> r.items()).forEach(i -> query.add(i.toElement()));
      }
      return result;
    }
    if (!accounts.isAccount(user)) throw new StanzaError(Condition.NOT_ALLOWED, "Only registered accounts keep a roster.");
    set(user, iq.child("query", Namespaces.ROSTER).orElseThrow());
    return result;
  }

  private void set(String user, Element query) {
    List<Element> items = query.elements().filter(e -> e.is("item", Namespaces.ROSTER)).toList();
    if (items.size() != 1) throw new StanzaError(Condition.BAD_REQUEST, "A roster set holds exactly one item (RFC 6121 §2.3.3).");
    Element item = items.get(0);
    String rawJid = item.attr("jid");
    if (rawJid == null) throw new StanzaError(Condition.BAD_REQUEST, "An item needs a 'jid'.");
    Jids.Parsed parsed = Jids.parse(rawJid);
    if (parsed == null) throw new StanzaError(Condition.JID_MALFORMED, "'" + rawJid + "' is not a valid JID.");
    String jid = parsed.full();
    String localpart = Accounts.localpart(user);
    if ("remove".equals(item.attr("subscription"))) {
      RosterItem removed = store.edit(localpart, r -> {
        r.pendingIn().remove(jid);
        return r.remove(jid);
      }, gone -> {
        if (gone != null) pushes.pushRemoval(user, jid);
      });
      if (removed == null) throw new StanzaError(Condition.ITEM_NOT_FOUND, "No such item in the roster (§2.5.3).");
      subscriptions.itemRemoved(user, removed);
      return;
    }
    String name = item.attr("name");
    if (name != null && name.length() > MAX_TEXT) throw new StanzaError(Condition.NOT_ACCEPTABLE, "The name is too long.");
    List<String> groups = new ArrayList<>();
    var seen = new HashSet<String>();
    for (Element g : item.elements().filter(e -> e.is("group", Namespaces.ROSTER)).toList()) {
      String group = g.text();
      if (group.isEmpty()) throw new StanzaError(Condition.NOT_ACCEPTABLE, "A group has a name (§2.3.3).");
      if (group.length() > MAX_TEXT) throw new StanzaError(Condition.NOT_ACCEPTABLE, "A group name is too long.");
      if (!seen.add(group)) throw new StanzaError(Condition.BAD_REQUEST, "A group is named twice (§2.3.3).");
      groups.add(group);
    }
    // §2.1.2.5: 'subscription' and 'ask' are the server's to set; a client's values are ignored.
    store.edit(localpart, r -> {
      RosterItem before = r.item(jid);
      RosterItem changed = (before == null ? RosterItem.fresh(jid) : before).withNameAndGroups(name, groups);
      r.put(changed);
      return changed;
    }, after -> pushes.push(user, after));
  }
}
