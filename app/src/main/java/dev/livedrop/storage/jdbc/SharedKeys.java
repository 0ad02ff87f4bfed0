package dev.livedrop.storage.jdbc;

import java.security.SecureRandom;
import java.util.Base64;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Secret keys every node must hold alike, in the table {@code server_keys}: a token issued by one
 * node must open the drop on every other. The first node to start makes the key; the insert that
 * loses the race changes nothing, and every node reads the one that won.
 */
public final class SharedKeys {
  private SharedKeys() {}

  /** The key of this name, made now (32 random bytes) if no node has made it yet. */
  public static byte[] loadOrCreate(DataSource dataSource, String name) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    return Jdbi.create(dataSource).withHandle(h -> {
      h.createUpdate("INSERT INTO server_keys (name, key_value) VALUES (:name, :key) ON CONFLICT (name) DO NOTHING")
          .bind("name", name).bind("key", Base64.getEncoder().encodeToString(fresh)).execute();
      return Base64.getDecoder().decode(h.createQuery("SELECT key_value FROM server_keys WHERE name = :name")
          .bind("name", name).mapTo(String.class).one());
    });
  }

  /** Sets the key of this name, replacing any (a migration brings the key the tokens already out were signed with). */
  public static void put(DataSource dataSource, String name, byte[] key) {
    Jdbi.create(dataSource).useHandle(h -> h.createUpdate("INSERT INTO server_keys (name, key_value) VALUES (:name, :key)"
            + " ON CONFLICT (name) DO UPDATE SET key_value = EXCLUDED.key_value")
        .bind("name", name).bind("key", Base64.getEncoder().encodeToString(key)).execute());
  }
}
