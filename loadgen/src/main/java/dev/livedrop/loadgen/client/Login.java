package dev.livedrop.loadgen.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How a generated client authenticates: SASL ANONYMOUS, or PLAIN with a username and password. */
public record Login(String username, String password) {
  public static final Login ANONYMOUS = new Login(null, null);

  public boolean anonymous() {
    return username == null;
  }

  public String mechanism() {
    return anonymous() ? "ANONYMOUS" : "PLAIN";
  }

  /** The initial response: RFC 4616 for PLAIN, nothing for ANONYMOUS. */
  public String initialResponse() {
    if (anonymous()) return "=";
    byte[] msg = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().encodeToString(msg);
  }

  /** Parses {@code anonymous} or {@code plain:user:password}. */
  public static Login parse(String spec) {
    if (spec == null || spec.equals("anonymous")) return ANONYMOUS;
    String[] p = spec.split(":", 3);
    if (p.length != 3 || !p[0].equals("plain")) throw new IllegalArgumentException("login is 'anonymous' or 'plain:user:password'");
    return new Login(p[1], p[2]);
  }
}
