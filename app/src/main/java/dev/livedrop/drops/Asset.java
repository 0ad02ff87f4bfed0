package dev.livedrop.drops;

import java.time.Instant;

/**
 * One thing in a drop: a file, a note or a link. {@code name} is what people see as its title: the
 * file's (safe) name, or the title of a note or link. Exactly one of file, note and link is set,
 * according to kind.
 */
public record Asset(
    String id,
    String drop,
    AssetKind kind,
    String name,
    String description,
    String addedBy,
    Instant createdAt,
    Instant updatedAt,
    FileInfo file,
    NoteInfo note,
    LinkInfo link) {

  /** Content is stored once per SHA-256; size counts against the drop's quota. */
  public record FileInfo(
      String originalName,
      long size,
      String mediaType,
      String sha256,
      long crc32,
      Thumbnail thumbnail) {
    public FileInfo withThumbnail(Thumbnail t) {
      return new FileInfo(originalName, size, mediaType, sha256, crc32, t);
    }
  }

  public record NoteInfo(String text) {}

  public record LinkInfo(String url) {}

  public enum Thumbnail {
    NONE, PENDING, READY, FAILED;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public long sizeBytes() {
    return file == null ? 0 : file.size();
  }

  public Asset withName(String n, Instant at) {
    return new Asset(id, drop, kind, n, description, addedBy, createdAt, at, file, note, link);
  }

  public Asset withDescription(String d, Instant at) {
    return new Asset(id, drop, kind, name, d, addedBy, createdAt, at, file, note, link);
  }

  public Asset withNote(NoteInfo n, Instant at) {
    return new Asset(id, drop, kind, name, description, addedBy, createdAt, at, file, n, link);
  }

  public Asset withLink(LinkInfo l, Instant at) {
    return new Asset(id, drop, kind, name, description, addedBy, createdAt, at, file, note, l);
  }

  public Asset withFile(FileInfo f, Instant at) {
    return new Asset(id, drop, kind, name, description, addedBy, createdAt, at, f, note, link);
  }
}
