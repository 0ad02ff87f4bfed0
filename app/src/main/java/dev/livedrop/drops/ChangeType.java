package dev.livedrop.drops;

/**
 * Every kind of change to a drop. Each change is recorded with the change itself, in the same
 * transaction, so the realtime layer can publish it to the drop's room later without losing any.
 */
public enum ChangeType {
  DROP_CREATED("drop.created"),
  DROP_UPDATED("drop.updated"),
  DROP_DELETED("drop.deleted"),
  DROP_EXPIRING("drop.expiring"),
  ASSET_CREATED("asset.created"),
  ASSET_UPDATED("asset.updated"),
  ASSET_DELETED("asset.deleted"),
  COMMENT_CREATED("comment.created"),
  COMMENT_DELETED("comment.deleted");

  private final String code;

  ChangeType(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static ChangeType of(String code) {
    for (ChangeType t : values()) if (t.code.equals(code)) return t;
    throw new IllegalArgumentException("unknown change type " + code);
  }
}
