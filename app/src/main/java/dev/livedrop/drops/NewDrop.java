package dev.livedrop.drops;

/** What a creator asks for; every field may be left out. */
public record NewDrop(
    String name,
    String title,
    String description,
    String expiry,
    String password,
    GuestPermissionsChange guests,
    Long quotaBytes) {}
