package dev.livedrop.storage.blob;

import java.util.regex.Pattern;

/** What a content hash and a derived file's key look like; anything else never reaches a path or an object key. */
final class BlobNames {
  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern DERIVED_KEY = Pattern.compile("[a-z0-9]+/[0-9a-f]{64}\\.[a-z0-9]+");

  private BlobNames() {}

  static String sha256(String sha256) {
    if (!SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("not a SHA-256: " + sha256);
    return sha256;
  }

  static String derivedKey(String key) {
    if (!DERIVED_KEY.matcher(key).matches()) throw new IllegalArgumentException("bad derived key: " + key);
    return key;
  }
}
