package dev.livedrop.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * File content, addressed by its SHA-256: identical content is stored once. Uploads are first
 * streamed to a staging file on local disk (hashed on the way), then committed under their hash.
 * Implemented on local disk ({@link DiskBlobStore}) and on S3 ({@link S3BlobStore}), which stages
 * locally the same way. Every method may block: callers run them on a worker thread.
 */
public interface BlobStore extends AutoCloseable {

  /** A new, empty staging file for one upload. */
  Path newStagingFile() throws IOException;

  /**
   * Puts a staged file, already flushed to disk, in place under its hash, atomically. If that
   * content is stored already, the staged copy is dropped and the stored one is kept (and marked
   * fresh, so a concurrent clean-up cannot take it). Returns true if the content is new.
   */
  boolean commit(Path staged, String sha256) throws IOException;

  /** Removes a staging file that will not be committed (a failed or abandoned upload). */
  void discard(Path staged);

  /** The content as a local file, for zero-copy sending, if this store keeps it on local disk. */
  Optional<Path> localFile(String sha256);

  /** The whole content. */
  InputStream open(String sha256) throws IOException;

  /** {@code length} bytes of the content from {@code offset}, reading no more than those (a Range request). */
  InputStream open(String sha256, long offset, long length) throws IOException;

  boolean exists(String sha256) throws IOException;

  /**
   * Deletes the content if {@code stillUnreferenced} holds and it was last committed before
   * {@code notTouchedSince}; the check and the delete happen under the same per-hash lock as
   * {@link #commit}, so content just committed again is never lost.
   */
  boolean deleteIfUnused(String sha256, Instant notTouchedSince, java.util.function.BooleanSupplier stillUnreferenced)
      throws IOException;

  /** Every stored hash, for the occasional full sweep. */
  void forEachBlob(Consumer<String> visitor) throws IOException;

  /** Removes staging files left by a previous run that stopped mid-upload. */
  int clearStaging() throws IOException;

  /** Derived files such as thumbnails, kept beside the content under their own key. */
  void putDerived(String key, byte[] content) throws IOException;

  /** A derived file's bytes (thumbnails are small), if it was made. */
  Optional<byte[]> derived(String key) throws IOException;

  void deleteDerived(String key) throws IOException;

  /**
   * A short-lived URL from which the client may fetch the content itself (with ranges), served
   * with this media type and disposition; empty where the store has none or does not hand them out.
   */
  default Optional<java.net.URI> downloadUrl(String sha256, String mediaType, String contentDisposition) {
    return Optional.empty();
  }

  /** Releases connections a remote store holds. */
  @Override
  default void close() {}
}
