package dev.livedrop.xmpp.sasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mechanisms this server offers and how each checks credentials: PLAIN against the plugged-in
 * authenticators then the accounts, SCRAM against the accounts, ANONYMOUS if allowed.
 */
public final class SaslMechanisms {
  public static final String PLAIN = "PLAIN";
  public static final String ANONYMOUS = "ANONYMOUS";

  private final AccountStore accounts;
  private final boolean anonymous;
  private final List<Authenticator> authenticators = new CopyOnWriteArrayList<>();

  public SaslMechanisms(AccountStore accounts, boolean anonymous) {
    this.accounts = accounts;
    this.anonymous = anonymous;
  }

  public void addAuthenticator(Authenticator a) {
    authenticators.add(a);
  }

  /** Offered names, strongest first; PLAIN only where the channel is confidential. */
  public List<String> offered(boolean secure) {
    var names = new ArrayList<String>();
    names.add(ScramHash.SHA_256.mechanism());
    names.add(ScramHash.SHA_1.mechanism());
    if (secure) names.add(PLAIN);
    if (anonymous) names.add(ANONYMOUS);
    return names;
  }

  public Optional<SaslMechanism> create(String name, boolean secure) {
    if (!offered(secure).contains(name)) return Optional.empty();
    return Optional.of(switch (name) {
      case PLAIN -> new Plain(this::verifyPlain);
      case ANONYMOUS -> new Anonymous();
      default -> {
        ScramHash hash = name.equals(ScramHash.SHA_1.mechanism()) ? ScramHash.SHA_1 : ScramHash.SHA_256;
        yield new Scram(hash, accounts::credentials, AccountStore.ITERATIONS);
      }
    });
  }

  private Optional<Identity> verifyPlain(String authcid, String password) {
    for (Authenticator a : authenticators) {
      Optional<Identity> id = a.authenticate(authcid, password);
      if (id.isPresent()) return id;
    }
    return accounts.verify(authcid, password) ? Optional.of(new Identity(authcid, false)) : Optional.empty();
  }
}
