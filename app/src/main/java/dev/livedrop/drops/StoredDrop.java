package dev.livedrop.drops;

/** A drop with its secrets, as the store keeps it. */
public record StoredDrop(Drop drop, DropSecrets secrets) {}
