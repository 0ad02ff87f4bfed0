package dev.livedrop.drops;

import java.time.Instant;

public record Comment(String id, String drop, String assetId, String nickname, String text, Instant createdAt) {}
