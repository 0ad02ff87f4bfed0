package dev.livedrop.xmpp.services;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.sasl.AccountStore;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.xml.Element;

/**
 * XEP-0077 in-band registration, off unless configured: before authentication a client may ask
 * for the form (username, password) and create an account. Accounts are stored as SCRAM hashes.
 */
public final class Registration {
  private final AccountStore accounts;
  private final String domain;

  public Registration(AccountStore accounts, String domain) {
    this.accounts = accounts;
    this.domain = domain;
  }

  /** Answers a registration IQ on a not yet authenticated stream. */
  public Element handleBeforeAuth(Element iq) {
    try {
      return answer(iq);
    } catch (StanzaError e) {
      return e.replyTo(iq, domain);
    }
  }

  private Element answer(Element iq) {
    String type = iq.attr("type");
    Element query = iq.child("query", Namespaces.REGISTER).orElseThrow();
    Element result = new Element("iq", Namespaces.CLIENT).attr("type", "result").attr("id", iq.attr("id"));
    if ("get".equals(type)) {
      Element q = result.addChild("query", Namespaces.REGISTER);
      q.addChild("instructions").text("Choose a username and password.");
      q.addChild("username");
      q.addChild("password");
      return result;
    }
    if (!"set".equals(type)) throw new StanzaError(StanzaError.Condition.BAD_REQUEST, null);
    if (query.child("remove", Namespaces.REGISTER).isPresent()) {
      throw new StanzaError(StanzaError.Condition.NOT_AUTHORIZED, "Log in to remove an account.");
    }
    String username = query.childText("username", Namespaces.REGISTER);
    String password = query.childText("password", Namespaces.REGISTER);
    if (username == null || password == null || password.isEmpty()) {
      throw new StanzaError(StanzaError.Condition.NOT_ACCEPTABLE, "Both username and password are required.");
    }
    Jids.Parsed p = Jids.parse(username + "@" + domain);
    if (p == null || p.localpart() == null || p.resource() != null || username.contains("@")) {
      throw new StanzaError(StanzaError.Condition.JID_MALFORMED, "That username is not a valid localpart.");
    }
    if (password.length() < 8) throw new StanzaError(StanzaError.Condition.NOT_ACCEPTABLE, "Use at least 8 characters.");
    if (!accounts.create(p.localpart(), password)) throw new StanzaError(StanzaError.Condition.CONFLICT, "That username is taken.");
    return result;
  }
}
