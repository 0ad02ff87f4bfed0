package dev.livedrop.drops;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum AssetKind {
  FILE, NOTE, LINK;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
