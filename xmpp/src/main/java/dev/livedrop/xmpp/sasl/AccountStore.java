package dev.livedrop.xmpp.sasl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Registered accounts, kept as SCRAM credentials for SHA-1 and SHA-256 (RFC 5802 §3), never the
 * password, in {@code accounts.tsv} in the data dir (written whole and renamed, so a crash leaves
 * the old or the new file). Small on purpose: the embedded server has a handful of accounts;
 * viewers log in through the application's authenticator.
 */
public final class AccountStore {
  public static final int ITERATIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path file;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final List<Consumer<String>> onDelete = new CopyOnWriteArrayList<>();

  record Account(ScramCredentials sha1, ScramCredentials sha256) {}

  public AccountStore(Path file) {
    this.file = file;
    load();
  }

  public synchronized boolean create(String localpart, String password) {
    if (accounts.containsKey(localpart)) return false;
    accounts.put(localpart, derive(password));
    save();
    return true;
  }

  public synchronized void setPassword(String localpart, String password) {
    accounts.put(localpart, derive(password));
    save();
  }

  /** Deletes an account; what is kept with it (its roster) goes too. False if there was none. */
  public boolean delete(String localpart) {
    synchronized (this) {
      if (accounts.remove(localpart) == null) return false;
      save();
    }
    onDelete.forEach(c -> c.accept(localpart));
    return true;
  }

  /** Called with the localpart of every deleted account. */
  public void onDelete(Consumer<String> listener) {
    onDelete.add(listener);
  }

  public boolean exists(String localpart) {
    return accounts.containsKey(localpart);
  }

  public Optional<ScramCredentials> credentials(String localpart, ScramHash hash) {
    Account a = accounts.get(localpart);
    if (a == null) return Optional.empty();
    return Optional.of(hash == ScramHash.SHA_1 ? a.sha1() : a.sha256());
  }

  /** For PLAIN: derives the StoredKey from the password and compares. */
  public boolean verify(String localpart, String password) {
    Account a = accounts.get(localpart);
    if (a == null) return false;
    ScramCredentials c = a.sha256();
    ScramCredentials candidate = ScramHash.SHA_256.credentials(password, c.salt(), c.iterations());
    return MessageDigest.isEqual(candidate.storedKey(), c.storedKey());
  }

  private static Account derive(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new Account(ScramHash.SHA_1.credentials(password, salt, ITERATIONS),
        ScramHash.SHA_256.credentials(password, salt, ITERATIONS));
  }

  private void load() {
    if (file == null || !Files.exists(file)) return;
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t");
        if (f.length != 7) continue;
        var b64 = Base64.getDecoder();
        byte[] salt = b64.decode(f[1]);
        int it = Integer.parseInt(f[2]);
        accounts.put(f[0], new Account(new ScramCredentials(salt, it, b64.decode(f[3]), b64.decode(f[4])),
            new ScramCredentials(salt, it, b64.decode(f[5]), b64.decode(f[6]))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void save() {
    if (file == null) return;
    var b64 = Base64.getEncoder();
    var sb = new StringBuilder();
    accounts.forEach((name, a) -> sb.append(name).append('\t').append(b64.encodeToString(a.sha1().salt()))
        .append('\t').append(a.sha1().iterations())
        .append('\t').append(b64.encodeToString(a.sha1().storedKey())).append('\t').append(b64.encodeToString(a.sha1().serverKey()))
        .append('\t').append(b64.encodeToString(a.sha256().storedKey())).append('\t').append(b64.encodeToString(a.sha256().serverKey()))
        .append('\n'));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "accounts", ".tmp");
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
