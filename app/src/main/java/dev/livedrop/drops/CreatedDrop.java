package dev.livedrop.drops;

/** A new drop with its admin secret, the only time the secret is ever shown. */
public record CreatedDrop(Drop drop, String adminSecret) {}
