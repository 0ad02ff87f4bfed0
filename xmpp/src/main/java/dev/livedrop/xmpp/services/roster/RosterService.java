package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.router.Delivery;
import dev.livedrop.xmpp.router.IqHandler;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.router.PresenceHandler;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.sasl.AccountStore;
import dev.livedrop.xmpp.xml.Element;
import java.nio.file.Path;

/**
 * RFC 6121 for the server's accounts, plugged into the router: rosters ({@link RosterQueries},
 * kept by {@link RosterStore}), subscriptions ({@link Subscriptions}) and presence
 * ({@link PresenceBroadcast}). Presence to other domains and to components (rooms) is not its
 * business and goes on as the router sends it.
 */
public final class RosterService implements PresenceHandler {
  private final String domain;
  private final Router router;
  private final RosterStore store;
  private final RosterPushes pushes;
  private final PresenceBroadcast presence;
  private final Subscriptions subscriptions;
  private final RosterQueries queries;

  /** {@code dir}: where rosters are written (null: in memory). */
  public RosterService(Router router, AccountStore accountStore, Path dir, int maxItems) {
    this.domain = router.domain();
    this.router = router;
    var accounts = new Accounts(accountStore, domain);
    this.store = new RosterStore(dir, maxItems);
    this.pushes = new RosterPushes(router);
    this.presence = new PresenceBroadcast(router, store, accounts);
    this.subscriptions = new Subscriptions(router, store, pushes, presence, accounts);
    this.queries = new RosterQueries(router.domain(), store, pushes, subscriptions, accounts);
    accountStore.onDelete(this::accountDeleted);
  }

  /** The roster IQ handler to register with the router. */
  public IqHandler queries() {
    return queries;
  }

  @Override
  public void broadcast(Element stanza) {
    presence.fromResource(stanza);
  }

  @Override
  public void subscription(Element stanza, Jids.Parsed to) {
    subscriptions.fromResource(stanza, to);
  }

  @Override
  public void resourceGone(Delivery resource) {
    // RFC 6120 §7.7.2.2: a newer connection took this full JID over; what is kept for it is its own.
    if (router.find(resource.fullJid()) != null) return;
    pushes.gone(resource.fullJid());
    presence.resourceGone(resource);
  }

  /** XEP-0077 §3.2: a deleted account's contacts lose their subscriptions; its roster goes. */
  private void accountDeleted(String localpart) {
    String bare = localpart + "@" + domain;
    for (RosterItem item : store.read(localpart, RosterStore.Roster::items)) subscriptions.itemRemoved(bare, item);
    store.delete(localpart);
  }
}
