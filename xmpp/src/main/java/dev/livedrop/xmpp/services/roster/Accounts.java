package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.sasl.AccountStore;

/** Which bare JIDs are registered accounts of this domain: only those keep a roster. */
final class Accounts {
  private final AccountStore store;
  private final String domain;

  Accounts(AccountStore store, String domain) {
    this.store = store;
    this.domain = domain;
  }

  boolean isAccount(String bare) {
    Jids.Parsed p = Jids.parse(bare);
    return p != null && p.localpart() != null && p.domain().equals(domain) && store.exists(p.localpart());
  }

  static String localpart(String bare) {
    return Jids.parse(bare).localpart();
  }
}
