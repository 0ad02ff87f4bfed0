package dev.livedrop.drops;

/** What someone with guest access may do beyond looking. The drop's admin may always do all. */
public record GuestPermissions(boolean add, boolean comment, boolean delete) {
  public static final GuestPermissions DEFAULT = new GuestPermissions(true, true, false);
}
