package dev.livedrop.drops;

/** How much a caller may upload right now: per file, and in all before the drop is full. */
public record UploadAllowance(long maxFileSize, long remainingBytes) {
  public long maxRequestBytes() {
    return Math.min(maxFileSize, remainingBytes);
  }
}
