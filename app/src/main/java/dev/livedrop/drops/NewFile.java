package dev.livedrop.drops;

/** A file whose content is already stored (under its SHA-256), to be added to a drop. */
public record NewFile(String originalName, long size, String mediaType, String sha256, long crc32) {}
