package dev.livedrop.drops;

/** A change to an asset; null fields stay. {@code text} is for notes, {@code url} for links. */
public record AssetPatch(String name, String description, String text, String url) {}
