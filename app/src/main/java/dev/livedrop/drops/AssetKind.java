package dev.livedrop.drops;

import java.util.Locale;

public enum AssetKind {
  FILE, NOTE, LINK;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
