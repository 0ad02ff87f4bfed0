package dev.livedrop.drops;

import static dev.livedrop.drops.DropException.Reason.GONE;
import static dev.livedrop.drops.DropException.Reason.NAME_TAKEN;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Creating, reading, changing and deleting drops, with the rules that guard them. */
public final class DropService {
  private final DropStore store;
  private final Clock clock;
  private final DropLimits limits;
  private final SecretHasher secrets;
  private final Consumer<List<String>> releasedContent;

  /**
   * @param releasedContent told the hashes of files whose drop was deleted; content may now be
   *     unreferenced, which the sweeper checks
   */
  public DropService(DropStore store, Clock clock, DropLimits limits, SecretHasher secrets,
      Consumer<List<String>> releasedContent) {
    this.store = store;
    this.clock = clock;
    this.limits = limits;
    this.secrets = secrets;
    this.releasedContent = releasedContent;
  }

  public DropLimits limits() {
    return limits;
  }

  public CreatedDrop create(NewDrop req) {
    Instant now = now();
    Expiry expiry = expiry(req.expiry(), Expiry.WEEK.longerThan(limits.maxExpiry()) ? limits.maxExpiry() : Expiry.WEEK);
    String title = TextRules.line("title", req.title(), TextRules.MAX_TITLE);
    String description = TextRules.text("description", req.description(), TextRules.MAX_DESCRIPTION);
    String passwordHash = req.password() == null ? null : secrets.hashPassword(TextRules.password(req.password()));
    GuestPermissions guests = req.guests() == null ? GuestPermissions.DEFAULT : req.guests().applyTo(GuestPermissions.DEFAULT);
    long quota = quota(req.quotaBytes());
    String adminSecret = secrets.newAdminSecret();
    var hashes = new DropSecrets(passwordHash, secrets.hashAdminSecret(adminSecret), 1, Ids.next(now));
    boolean chosen = req.name() != null;
    String name = chosen ? DropName.validate(req.name()) : DropName.generate();

    for (int attempt = 0; ; attempt++) {
      String candidate = name;
      var drop = new Drop(candidate, title == null || title.isEmpty() ? candidate : title, description,
          now, expiry, expiry.expiresAt(now), passwordHash != null, guests, quota);
      boolean created = store.inTransaction(tx -> {
        if (tx.dropExists(candidate)) return false;
        tx.insertDrop(new StoredDrop(drop, hashes));
        tx.recordChange(candidate, ChangeType.DROP_CREATED, now, drop);
        return true;
      });
      if (created) return new CreatedDrop(drop, adminSecret);
      if (chosen || attempt >= 5) {
        throw new DropException(NAME_TAKEN, "The name '" + candidate + "' is taken.", Map.of("name", candidate));
      }
      name = DropName.generate();
    }
  }

  /** The drop if it exists and has not expired. */
  public StoredDrop live(String name) {
    StoredDrop stored = store.findDrop(name).orElseThrow(() -> new NoSuchDrop(name));
    requireNotExpired(stored.drop(), now());
    return stored;
  }

  public Drop update(Viewer viewer, DropPatch patch) {
    requireAdmin(viewer, "change a drop's settings");
    Instant now = now();
    String title = TextRules.line("title", patch.title(), TextRules.MAX_TITLE);
    String description = TextRules.text("description", patch.description(), TextRules.MAX_DESCRIPTION);
    Expiry expiry = patch.expiry() == null ? null : expiry(patch.expiry(), null);
    if (patch.password() != null && Boolean.TRUE.equals(patch.removePassword())) {
      throw DropException.invalid("Set a new password or remove it, not both.");
    }
    String newHash = patch.password() == null ? null : secrets.hashPassword(TextRules.password(patch.password()));
    Long quota = patch.quotaBytes() == null ? null : quota(patch.quotaBytes());

    return store.inTransaction(tx -> {
      StoredDrop stored = tx.findDrop(viewer.drop()).orElseThrow(() -> new NoSuchDrop(viewer.drop()));
      Drop d = stored.drop();
      requireNotExpired(d, now);
      DropSecrets s = stored.secrets();
      if (newHash != null) {
        s = s.withPassword(newHash);
      } else if (Boolean.TRUE.equals(patch.removePassword()) && s.hasPassword()) {
        s = s.withPassword(null);
      }
      if (quota != null && quota < tx.usedBytes(d.name())) {
        throw DropException.invalid("The drop already holds " + tx.usedBytes(d.name())
            + " bytes, more than the quota asked for.");
      }
      var updated = new Drop(d.name(),
          title == null ? d.title() : (title.isEmpty() ? d.name() : title),
          description == null ? d.description() : description,
          d.createdAt(),
          expiry == null ? d.expiry() : expiry,
          expiry == null ? d.expiresAt() : expiry.expiresAt(now),
          s.hasPassword(),
          patch.guests() == null ? d.guests() : patch.guests().applyTo(d.guests()),
          quota == null ? d.quotaBytes() : quota);
      tx.updateDrop(new StoredDrop(updated, s));
      tx.recordChange(d.name(), ChangeType.DROP_UPDATED, now, updated);
      return updated;
    });
  }

  public void delete(Viewer viewer) {
    requireAdmin(viewer, "delete a drop");
    List<String> released = store.inTransaction(tx -> {
      if (!tx.dropExists(viewer.drop())) throw new NoSuchDrop(viewer.drop());
      return deleteWithChange(tx, viewer.drop(), "deleted");
    });
    releasedContent.accept(released);
  }

  /** Deletes a drop at the operator's word (livedrop admin), as its admin would; false if there was none. */
  public boolean remove(String name) {
    List<String> released = store.inTransaction(tx -> tx.dropExists(name) ? deleteWithChange(tx, name, "removed") : null);
    if (released == null) return false;
    releasedContent.accept(released);
    return true;
  }

  /** Removes one expired drop, as the sweeper does; false if it was gone or renewed meanwhile. */
  public boolean removeExpired(String name) {
    Instant now = now();
    List<String> released = store.inTransaction(tx -> {
      var stored = tx.findDrop(name);
      if (stored.isEmpty() || !stored.get().drop().expiredAt(now)) return null;
      return deleteWithChange(tx, name, "expired");
    });
    if (released == null) return false;
    releasedContent.accept(released);
    return true;
  }

  /** Tells the drop's viewers it is about to expire (drop.expiring), once per expiry time. */
  public boolean warnExpiring(String name) {
    Instant now = now();
    return store.inTransaction(tx -> {
      var stored = tx.findDrop(name);
      if (stored.isEmpty() || stored.get().drop().expiresAt() == null || stored.get().drop().expiredAt(now)) return false;
      Drop d = stored.get().drop();
      tx.recordChange(name, ChangeType.DROP_EXPIRING, now, Map.of("name", name, "expiresAt", d.expiresAt()));
      tx.markExpiryWarned(name, now);
      return true;
    });
  }

  private List<String> deleteWithChange(DropStore.Tx tx, String name, String why) {
    List<String> hashes = tx.deleteDrop(name);
    hashes.forEach(tx::markBlobGcCandidate);
    tx.recordChange(name, ChangeType.DROP_DELETED, now(), Map.of("name", name, "reason", why));
    return hashes;
  }

  static void requireAdmin(Viewer viewer, String what) {
    if (!viewer.isAdmin()) throw DropException.forbidden("Only the drop's admin may " + what + ".");
  }

  static void requireNotExpired(Drop drop, Instant now) {
    if (drop.expiredAt(now)) {
      throw new DropException(GONE, "Drop '" + drop.name() + "' expired at " + drop.expiresAt() + ".",
          Map.of("expiredAt", drop.expiresAt().toString()));
    }
  }

  private Expiry expiry(String code, Expiry fallback) {
    if (code == null) return fallback;
    Expiry e = Expiry.parse(code).orElseThrow(() -> DropException.invalid(
        "'expiry' must be one of " + Expiry.codes() + "."));
    if (e.longerThan(limits.maxExpiry())) {
      throw DropException.invalid("This server keeps drops at most '" + limits.maxExpiry().code() + "'.");
    }
    return e;
  }

  private long quota(Long requested) {
    if (requested == null) return limits.maxDropSize();
    if (requested < 1 || requested > limits.maxDropSize()) {
      throw DropException.invalid("'quotaBytes' must be between 1 and " + limits.maxDropSize() + ".");
    }
    return requested;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
