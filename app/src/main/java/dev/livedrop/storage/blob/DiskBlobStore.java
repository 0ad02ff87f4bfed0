package dev.livedrop.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Content on local disk: {@code blobs/ab/cd/abcd…} by SHA-256, staging files in {@code tmp/} on
 * the same file system so that committing is one atomic rename.
 */
public final class DiskBlobStore implements BlobStore {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern KEY = Pattern.compile("[a-z0-9]+/[0-9a-f]{64}\\.[a-z0-9]+");
  private final Path blobs;
  private final Path staging;
  private final Path derived;
  private final ReentrantLock[] locks = new ReentrantLock[64];

  public DiskBlobStore(Path dataDir) throws IOException {
    this.blobs = Files.createDirectories(dataDir.resolve("blobs"));
    this.staging = Files.createDirectories(dataDir.resolve("tmp"));
    this.derived = Files.createDirectories(dataDir.resolve("derived"));
    for (int i = 0; i < locks.length; i++) locks[i] = new ReentrantLock();
  }

  @Override
  public Path newStagingFile() throws IOException {
    return Files.createTempFile(staging, "upload-", ".part");
  }

  @Override
  public boolean commit(Path staged, String sha256) throws IOException {
    Path target = path(sha256);
    var lock = lockFor(sha256);
    lock.lock();
    try {
      if (Files.exists(target)) {
        Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
        Files.deleteIfExists(staged);
        return false;
      }
      Files.createDirectories(target.getParent());
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(target.getParent());
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void discard(Path staged) {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
  public boolean exists(String sha256) {
    return Files.isRegularFile(path(sha256));
  }

  @Override
  public boolean deleteIfUnused(String sha256, Instant notTouchedSince, BooleanSupplier stillUnreferenced)
      throws IOException {
    Path target = path(sha256);
    var lock = lockFor(sha256);
    lock.lock();
    try {
      if (!Files.exists(target)) return false;
      if (Files.getLastModifiedTime(target).toInstant().isAfter(notTouchedSince)) return false;
      if (!stillUnreferenced.getAsBoolean()) return false;
      Files.delete(target);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } finally {
      lock.unlock();
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
                if (SHA256.matcher(name).matches()) visitor.accept(name);
              }
            }
          }
        }
      }
    }
  }

  @Override
  public int clearStaging() throws IOException {
    int n = 0;
    try (var files = Files.newDirectoryStream(staging)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
        n++;
      }
    }
    return n;
  }

  @Override
  public void putDerived(String key, byte[] content) throws IOException {
    Path target = derivedPath(key);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(staging, "derived-", ".part");
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
  public Optional<Path> derived(String key) {
    Path p = derivedPath(key);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public void deleteDerived(String key) throws IOException {
    Files.deleteIfExists(derivedPath(key));
  }

  private Path path(String sha256) {
    if (!SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("not a SHA-256: " + sha256);
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  private Path derivedPath(String key) {
    if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("bad derived key: " + key);
    return derived.resolve(key);
  }

  private ReentrantLock lockFor(String sha256) {
    return locks[Integer.parseInt(sha256.substring(0, 2), 16) % locks.length];
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
