package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.xml.Element;
import java.util.function.Function;

/**
 * RFC 6121 §3 between accounts of this server: the state machine of Appendix A, run for the
 * sender's roster (outbound) and then the recipient's (inbound), each change pushed. Requests the
 * contact has not answered are stored and shown again at each of its logins. Pre-approval
 * (§3.4) is not offered: a 'subscribed' with no request waiting is ignored.
 */
final class Subscriptions {
  private final Router router;
  private final RosterStore store;
  private final RosterPushes pushes;
  private final PresenceBroadcast presence;
  private final Accounts accounts;

  Subscriptions(Router router, RosterStore store, RosterPushes pushes, PresenceBroadcast presence, Accounts accounts) {
    this.router = router;
    this.store = store;
    this.pushes = pushes;
    this.presence = presence;
    this.accounts = accounts;
  }

  /** A subscription stanza or probe from a local resource to {@code to}, an address on this domain. */
  void fromResource(Element stanza, Jids.Parsed to) {
    String type = stanza.attr("type");
    String user = Jids.bare(stanza.attr("from"));
    String contact = to.bare();
    if (!accounts.isAccount(user)) {
      if (type.equals("probe")) return;
      throw new StanzaError(StanzaError.Condition.NOT_ALLOWED, "Only registered accounts have presence subscriptions.");
    }
    if (contact.equals(user)) return; // one's own presence needs no subscription (§4.2.2)
    if (type.equals("probe")) {
      probe(stanza.attr("from"), user, contact);
      return;
    }
    boolean forward = switch (type) {
      case "subscribe" -> outboundSubscribe(user, contact);
      case "subscribed" -> outboundSubscribed(user, contact);
      case "unsubscribe" -> outboundUnsubscribe(user, contact);
      default -> outboundUnsubscribed(user, contact);
    };
    if (!forward) return;
    // §3.1.2: the server stamps the bare JIDs of both.
    Element stamped = stanza.copy().attr("from", user).attr("to", contact);
    inbound(type, user, contact, stamped);
    if (type.equals("subscribed")) presence.sendCurrent(user, contact); // §3.1.5
  }

  /** §2.5.2: a removed item cancels the subscriptions both ways, as unsubscribe and unsubscribed would. */
  void itemRemoved(String user, RosterItem removed) {
    String contact = removed.jid();
    if (removed.subscription().from()) presence.sendUnavailable(user, contact);
    if (!accounts.isAccount(contact)) return;
    if (removed.subscription().to() || removed.ask()) inbound("unsubscribe", user, contact, bare("unsubscribe", user, contact));
    if (removed.subscription().from()) inbound("unsubscribed", user, contact, bare("unsubscribed", user, contact));
  }

  // --- the sender's roster (Appendix A.2, A.4) -----------------------------------------

  private boolean outboundSubscribe(String user, String contact) {
    RosterItem changed = change(user, r -> {
      RosterItem item = r.item(contact);
      RosterItem after = item == null ? RosterItem.fresh(contact) : item;
      if (!after.subscription().to()) after = after.withAsk(true);
      if (after.equals(item)) return null;
      r.put(after);
      return after;
    });
    return true;
  }

  private boolean outboundSubscribed(String user, String contact) {
    RosterItem changed = change(user, r -> {
      if (!r.pendingIn().contains(contact)) return null;
      RosterItem item = r.item(contact);
      RosterItem after = (item == null ? RosterItem.fresh(contact) : item);
      after = after.withSubscription(after.subscription().withFrom(true));
      r.put(after);
      r.pendingIn().remove(contact);
      return after;
    });
    if (changed == null) return false;
    return true;
  }

  private boolean outboundUnsubscribe(String user, String contact) {
    RosterItem changed = change(user, r -> {
      RosterItem item = r.item(contact);
      if (item == null || (!item.subscription().to() && !item.ask())) return null;
      RosterItem after = item.withSubscription(item.subscription().withTo(false)).withAsk(false);
      r.put(after);
      return after;
    });
    return true;
  }

  private boolean outboundUnsubscribed(String user, String contact) {
    boolean[] wasFrom = {false};
    RosterItem changed = change(user, r -> {
      boolean wasPending = r.pendingIn().remove(contact);
      RosterItem item = r.item(contact);
      if (item == null || !item.subscription().from()) return null;
      wasFrom[0] = true;
      RosterItem after = item.withSubscription(item.subscription().withFrom(false));
      r.put(after);
      return after;
    });
    if (wasFrom[0]) presence.sendUnavailable(user, contact); // §3.2.2
    return true;
  }

  // --- the recipient's roster (Appendix A.3, A.5) --------------------------------------

  private void inbound(String type, String from, String to, Element stanza) {
    if (!accounts.isAccount(to)) {
      // §3.1.3: no such account; a request is refused as the contact would refuse it.
      if (type.equals("subscribe")) inbound("unsubscribed", to, from, bare("unsubscribed", to, from));
      return;
    }
    switch (type) {
      case "subscribe" -> inboundSubscribe(from, to, stanza);
      case "subscribed" -> inboundSubscribed(from, to, stanza);
      case "unsubscribe" -> inboundUnsubscribe(from, to, stanza);
      default -> inboundUnsubscribed(from, to, stanza);
    }
  }

  private void inboundSubscribe(String from, String to, Element stanza) {
    boolean approved = store.edit(Accounts.localpart(to), r -> {
      RosterItem item = r.item(from);
      if (item != null && item.subscription().from()) return true;
      r.pendingIn().add(from);
      return false;
    });
    if (approved) {
      // §3.1.3: already subscribed; the contact's server answers for it.
      inbound("subscribed", to, from, bare("subscribed", to, from));
      presence.sendCurrent(to, from);
      return;
    }
    presence.toAvailable(to, stanza);
  }

  private void inboundSubscribed(String from, String to, Element stanza) {
    RosterItem changed = change(to, r -> {
      RosterItem item = r.item(from);
      if (item == null || !item.ask()) return null;
      RosterItem after = item.withSubscription(item.subscription().withTo(true)).withAsk(false);
      r.put(after);
      return after;
    });
    if (changed == null) return; // §3.1.6: nothing was asked; not delivered
    presence.toAvailable(to, stanza);
  }

  private void inboundUnsubscribe(String from, String to, Element stanza) {
    boolean[] wasFrom = {false};
    RosterItem changed = change(to, r -> {
      r.pendingIn().remove(from);
      RosterItem item = r.item(from);
      if (item == null || !item.subscription().from()) return null;
      wasFrom[0] = true;
      RosterItem after = item.withSubscription(item.subscription().withFrom(false));
      r.put(after);
      return after;
    });
    presence.toAvailable(to, stanza);
    if (wasFrom[0]) presence.sendUnavailable(to, from); // §3.3.3
  }

  private void inboundUnsubscribed(String from, String to, Element stanza) {
    RosterItem changed = change(to, r -> {
      RosterItem item = r.item(from);
      if (item == null || (!item.subscription().to() && !item.ask())) return null;
      RosterItem after = item.withSubscription(item.subscription().withTo(false)).withAsk(false);
      r.put(after);
      return after;
    });
    presence.toAvailable(to, stanza);
  }

  /** Changes one roster; the item it returns (null: nothing changed) is pushed in the order of the changes. */
  private RosterItem change(String bare, Function<RosterStore.Roster, RosterItem> fn) {
    return store.edit(Accounts.localpart(bare), fn, after -> {
      if (after != null) pushes.push(bare, after);
    });
  }

  /** §4.3.2: a probe is answered with the contact's presence if the prober is subscribed to it. */
  private void probe(String fullFrom, String user, String contact) {
    if (!accounts.isAccount(contact)) return;
    RosterItem item = store.read(Accounts.localpart(contact), r -> r.item(user));
    if (item == null || !item.subscription().from()) return;
    var requester = router.find(fullFrom);
    if (requester != null) presence.sendCurrent(contact, requester);
  }

  private static Element bare(String type, String from, String to) {
    return new Element("presence", Namespaces.CLIENT).attr("type", type).attr("from", from).attr("to", to);
  }
}
