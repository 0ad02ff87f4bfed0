package dev.livedrop.drops;

/**
 * A change to a drop's settings by its admin; a null field stays as it is. {@code password} sets a
 * new guest password, {@code removePassword} opens the drop to anyone with its URL. Either one
 * invalidates every guest token issued before.
 */
public record DropPatch(
    String title,
    String description,
    String expiry,
    String password,
    Boolean removePassword,
    GuestPermissionsChange guests,
    Long quotaBytes) {}
