package dev.livedrop.drops;

import java.time.Instant;

/**
 * A drop as everyone who may see it sees it. Secrets (password hash, admin secret hash) live in
 * {@link DropSecrets} so that this record can be shown as it is.
 */
public record Drop(
    String name,
    String title,
    String description,
    Instant createdAt,
    Expiry expiry,
    Instant expiresAt,
    boolean passwordProtected,
    GuestPermissions guests,
    long quotaBytes) {

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
