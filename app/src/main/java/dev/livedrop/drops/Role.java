package dev.livedrop.drops;

/** What a caller is to one drop. */
public enum Role {
  GUEST, ADMIN
}
