package dev.livedrop.drops;

/** The server's caps on drops, from configuration. */
public record DropLimits(long maxFileSize, long maxDropSize, Expiry maxExpiry, int maxNoteLength) {}
