package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;
import java.util.List;

/**
 * One contact in an account's roster (RFC 6121 §2.1.2): its bare JID, the user's name and groups
 * for it, the subscription state and whether a request of the user's is pending ({@code ask}).
 */
public record RosterItem(String jid, String name, List<String> groups, Subscription subscription, boolean ask) {
  public RosterItem {
    groups = List.copyOf(groups);
  }

  public static RosterItem fresh(String jid) {
    return new RosterItem(jid, null, List.of(), Subscription.NONE, false);
  }

  public RosterItem withSubscription(Subscription s) {
    return new RosterItem(jid, name, groups, s, ask);
  }

  public RosterItem withAsk(boolean a) {
    return new RosterItem(jid, name, groups, subscription, a);
  }

  public RosterItem withNameAndGroups(String n, List<String> g) {
    return new RosterItem(jid, n, g, subscription, ask);
  }

  /** The {@code <item/>} of a roster result or push. */
  public Element toElement() {
    Element item = new Element("item", Namespaces.ROSTER).attr("jid", jid).attr("subscription", subscription.value());
    if (name != null) item.attr("name", name);
    if (ask) item.attr("ask", "subscribe"); // RFC 6121 §2.1.2.2
    for (String g : groups) item.addChild("group", Namespaces.ROSTER).text(g);
    return item;
  }
}
