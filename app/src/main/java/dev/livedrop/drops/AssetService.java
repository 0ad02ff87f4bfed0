package dev.livedrop.drops;

import static dev.livedrop.drops.DropException.Reason.QUOTA_EXCEEDED;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Adding, changing and removing the files, notes and links of a drop. */
public final class AssetService {
  private final DropStore store;
  private final Clock clock;
  private final DropLimits limits;
  private final Predicate<String> thumbnailable;
  private final ContentHooks hooks;

  public AssetService(DropStore store, Clock clock, DropLimits limits, Predicate<String> thumbnailable,
      ContentHooks hooks) {
    this.store = store;
    this.clock = clock;
    this.limits = limits;
    this.thumbnailable = thumbnailable;
    this.hooks = hooks;
  }

  public List<Asset> list(String drop) {
    return store.assets(drop);
  }

  public Asset get(String drop, String id) {
    return store.asset(drop, id).orElseThrow(() -> DropException.notFound("Asset '" + id + "'"));
  }

  /** Checked before an upload's body is read, so a doomed upload is refused at once. */
  public UploadAllowance allowance(Viewer viewer) {
    Instant now = now();
    return store.inTransaction(tx -> {
      Drop drop = liveDrop(tx, viewer.drop(), now);
      requireGuestMay(viewer, drop.guests().add(), "add to this drop");
      return new UploadAllowance(limits.maxFileSize(), Math.max(0, drop.quotaBytes() - tx.usedBytes(drop.name())));
    });
  }

  /** Adds files whose content is stored; all of them or, if one breaks a rule, none. */
  public List<Asset> addFiles(Viewer viewer, List<NewFile> files, String description) {
    if (files.isEmpty()) throw DropException.invalid("The upload held no file.");
    String desc = TextRules.text("description", description, TextRules.MAX_DESCRIPTION);
    Instant now = now();
    List<Asset> added = store.inTransaction(tx -> {
      Drop drop = liveDrop(tx, viewer.drop(), now);
      requireGuestMay(viewer, drop.guests().add(), "add to this drop");
      long total = files.stream().mapToLong(NewFile::size).sum();
      long remaining = drop.quotaBytes() - tx.usedBytes(drop.name());
      if (total > remaining) throw quotaExceeded(total, Math.max(0, remaining));
      var out = new ArrayList<Asset>(files.size());
      for (NewFile f : files) {
        String original = FileNames.checkOriginal(f.originalName());
        var thumb = thumbnailable.test(f.mediaType()) ? Asset.Thumbnail.PENDING : Asset.Thumbnail.NONE;
        var asset = new Asset(Ids.next(now), drop.name(), AssetKind.FILE, FileNames.safe(original), desc,
            viewer.nickname(), now, now,
            new Asset.FileInfo(original, f.size(), f.mediaType(), f.sha256(), f.crc32(), thumb), null, null);
        tx.insertAsset(asset);
        tx.recordChange(drop.name(), ChangeType.ASSET_CREATED, now, asset);
        out.add(asset);
      }
      return out;
    });
    hooks.filesAdded(added);
    return added;
  }

  public Asset addNote(Viewer viewer, String title, String text, String description) {
    String t = TextRules.line("title", title, TextRules.MAX_TITLE);
    String body = TextRules.text("text", TextRules.required("text", text), limits.maxNoteLength());
    return insert(viewer, AssetKind.NOTE, t == null || t.isEmpty() ? "Note" : t, description,
        new Asset.NoteInfo(body), null);
  }

  public Asset addLink(Viewer viewer, String url, String title, String description) {
    String u = TextRules.url(url);
    String t = TextRules.line("title", title, TextRules.MAX_TITLE);
    return insert(viewer, AssetKind.LINK, t == null || t.isEmpty() ? u : t, description, null, new Asset.LinkInfo(u));
  }

  private Asset insert(Viewer viewer, AssetKind kind, String name, String description, Asset.NoteInfo note,
      Asset.LinkInfo link) {
    String desc = TextRules.text("description", description, TextRules.MAX_DESCRIPTION);
    Instant now = now();
    return store.inTransaction(tx -> {
      Drop drop = liveDrop(tx, viewer.drop(), now);
      requireGuestMay(viewer, drop.guests().add(), "add to this drop");
      var asset = new Asset(Ids.next(now), drop.name(), kind, name, desc, viewer.nickname(), now, now, null, note, link);
      tx.insertAsset(asset);
      tx.recordChange(drop.name(), ChangeType.ASSET_CREATED, now, asset);
      return asset;
    });
  }

  /** Renames, describes or edits an asset: its admin, or guests where they may add. */
  public Asset update(Viewer viewer, String id, AssetPatch patch) {
    Instant now = now();
    return store.inTransaction(tx -> {
      Drop drop = liveDrop(tx, viewer.drop(), now);
      requireGuestMay(viewer, drop.guests().add(), "change assets in this drop");
      Asset a = tx.asset(drop.name(), id).orElseThrow(() -> DropException.notFound("Asset '" + id + "'"));
      if (patch.name() != null) {
        String n = TextRules.line("name", patch.name(), a.kind() == AssetKind.FILE ? FileNames.MAX_LENGTH : TextRules.MAX_TITLE);
        if (n.isEmpty()) throw DropException.invalid("'name' may not be empty.");
        a = a.withName(a.kind() == AssetKind.FILE ? FileNames.safe(n) : n, now);
      }
      if (patch.description() != null) {
        a = a.withDescription(TextRules.text("description", patch.description(), TextRules.MAX_DESCRIPTION), now);
      }
      if (patch.text() != null) {
        if (a.kind() != AssetKind.NOTE) throw DropException.invalid("Only a note has 'text'.");
        a = a.withNote(new Asset.NoteInfo(TextRules.text("text", patch.text(), limits.maxNoteLength())), now);
      }
      if (patch.url() != null) {
        if (a.kind() != AssetKind.LINK) throw DropException.invalid("Only a link has 'url'.");
        a = a.withLink(new Asset.LinkInfo(TextRules.url(patch.url())), now);
      }
      tx.updateAsset(a);
      tx.recordChange(drop.name(), ChangeType.ASSET_UPDATED, now, a);
      return a;
    });
  }

  public void delete(Viewer viewer, String id) {
    Instant now = now();
    Asset removed = store.inTransaction(tx -> {
      Drop drop = liveDrop(tx, viewer.drop(), now);
      requireGuestMay(viewer, drop.guests().delete(), "delete in this drop");
      Asset a = tx.asset(drop.name(), id).orElseThrow(() -> DropException.notFound("Asset '" + id + "'"));
      tx.deleteAsset(drop.name(), id);
      if (a.file() != null) tx.markBlobGcCandidate(a.file().sha256());
      tx.recordChange(drop.name(), ChangeType.ASSET_DELETED, now, a);
      return a;
    });
    if (removed.file() != null) hooks.contentReleased(List.of(removed.file().sha256()));
  }

  /** Records the thumbnail outcome on every file with this content, each as a change. */
  public void thumbnailFinished(String sha256, Asset.Thumbnail outcome) {
    Instant now = now();
    store.inTransaction(tx -> {
      for (Asset a : tx.assetsWithContent(sha256)) {
        if (a.file().thumbnail() == outcome) continue;
        Asset updated = a.withFile(a.file().withThumbnail(outcome), now);
        tx.updateAsset(updated);
        tx.recordChange(a.drop(), ChangeType.ASSET_UPDATED, now, updated);
      }
      return null;
    });
  }

  static Drop liveDrop(DropStore.Tx tx, String name, Instant now) {
    Drop drop = tx.findDrop(name).orElseThrow(() -> new NoSuchDrop(name)).drop();
    DropService.requireNotExpired(drop, now);
    return drop;
  }

  static void requireGuestMay(Viewer viewer, boolean allowed, String what) {
    if (!viewer.isAdmin() && !allowed) throw DropException.forbidden("Guests may not " + what + ".");
  }

  public static DropException quotaExceeded(long wanted, long remaining) {
    return new DropException(QUOTA_EXCEEDED,
        "The drop has room for " + remaining + " more bytes; this needs " + wanted + ".",
        Map.of("remainingBytes", remaining, "requestedBytes", wanted));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
