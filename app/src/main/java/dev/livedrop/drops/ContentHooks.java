package dev.livedrop.drops;

import java.util.List;

/** Work that follows a committed change to file content, done outside the transaction. */
public interface ContentHooks {
  /** New file assets were committed (thumbnails start here). */
  void filesAdded(List<Asset> assets);

  /** These hashes lost a reference; if nothing else uses them, their content can go. */
  void contentReleased(List<String> sha256s);
}
