package dev.livedrop.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Content on local disk: {@code blobs/ab/cd/abcd…} by SHA-256, staging files in {@code tmp/} on
 * the same file system so that committing is one atomic rename.
 */
public final class DiskBlobStore implements BlobStore {
  private final Path blobs;
  private final StagingArea staging;
  private final Path derived;
  private final HashLocks locks = new HashLocks();

  public DiskBlobStore(Path dataDir) throws IOException {
    this.blobs = Files.createDirectories(dataDir.resolve("blobs"));
    this.staging = new StagingArea(dataDir.resolve("tmp"));
    this.derived = Files.createDirectories(dataDir.resolve("derived"));
  }

  @Override
  public Path newStagingFile() throws IOException {
    return staging.newFile("upload-");
  }

  @Override
  public boolean commit(Path staged, String sha256) throws IOException {
    Path target = path(sha256);
    try (var held = locks.hold(sha256)) {
      if (Files.exists(target)) {
        Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
        Files.deleteIfExists(staged);
        return false;
      }
      Files.createDirectories(target.getParent());
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(target.getParent());
      return true;
    }
  }

  @Override
  public void discard(Path staged) {
    staging.discard(staged);
  }

  @Override
  public Optional<Path> localFile(String sha256) {
    Path p = path(sha256);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    return Files.newInputStream(path(sha256));
  }

  @Override
  public InputStream open(String sha256, long offset, long length) throws IOException {
    var ch = FileChannel.open(path(sha256), StandardOpenOption.READ);
    ch.position(offset);
    return new LimitedInputStream(Channels.newInputStream(ch), length);
  }

  @Override
  public boolean exists(String sha256) {
    return Files.isRegularFile(path(sha256));
  }

  @Override
  public boolean deleteIfUnused(String sha256, Instant notTouchedSince, BooleanSupplier stillUnreferenced)
      throws IOException {
    Path target = path(sha256);
    try (var held = locks.hold(sha256)) {
      if (!Files.exists(target)) return false;
      if (Files.getLastModifiedTime(target).toInstant().isAfter(notTouchedSince)) return false;
      if (!stillUnreferenced.getAsBoolean()) return false;
      Files.delete(target);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public void forEachBlob(Consumer<String> visitor) throws IOException {
    try (var top = Files.newDirectoryStream(blobs)) {
      for (Path a : top) {
        if (!Files.isDirectory(a)) continue;
        try (var mid = Files.newDirectoryStream(a)) {
          for (Path b : mid) {
            if (!Files.isDirectory(b)) continue;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(b)) {
              for (Path f : files) {
                String name = f.getFileName().toString();
                if (BlobNames.SHA256.matcher(name).matches()) visitor.accept(name);
              }
            }
          }
        }
      }
    }
  }

  @Override
  public int clearStaging() throws IOException {
    return staging.clear();
  }

  @Override
  public void putDerived(String key, byte[] content) throws IOException {
    Path target = derivedPath(key);
    Files.createDirectories(target.getParent());
    Path tmp = staging.newFile("derived-");
    try {
      Files.write(tmp, content);
      try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public Optional<byte[]> derived(String key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(derivedPath(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void deleteDerived(String key) throws IOException {
    Files.deleteIfExists(derivedPath(key));
  }

  private Path path(String sha256) {
    BlobNames.sha256(sha256);
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  private Path derivedPath(String key) {
    return derived.resolve(BlobNames.derivedKey(key));
  }

  /** A rename is durable only once its directory is synced too. */
  private static void syncDirectory(Path dir) {
    try (var ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Some file systems refuse to sync directories; the rename itself is still atomic.
    }
  }

}
