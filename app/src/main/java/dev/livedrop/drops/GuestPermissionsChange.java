package dev.livedrop.drops;

/**
 * Guest permissions as a request states them: a field left out (null) keeps what it changes —
 * the defaults for a new drop, the drop's current ones for a change.
 */
public record GuestPermissionsChange(Boolean add, Boolean comment, Boolean delete) {
  public static GuestPermissionsChange of(GuestPermissions all) {
    return new GuestPermissionsChange(all.add(), all.comment(), all.delete());
  }

  public GuestPermissions applyTo(GuestPermissions base) {
    return new GuestPermissions(add == null ? base.add() : add, comment == null ? base.comment() : comment,
        delete == null ? base.delete() : delete);
  }
}
