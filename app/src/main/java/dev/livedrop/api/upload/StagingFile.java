package dev.livedrop.api.upload;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The staging file an upload is written to, opened with {@code O_DIRECT} where the filesystem
 * allows it. The bytes are fsynced before the upload succeeds anyway, so going through the page
 * cache only costs: a buffered write plus fsync slows badly right after other large writes, a
 * direct one does not (see docs/decisions/0023-upload-staging-with-direct-io.md).
 * Direct I/O needs block-aligned memory, offsets and lengths, so the bytes
 * are copied into an aligned buffer (the same copy the JDK makes anyway for heap buffers) and
 * written a whole buffer at a time; the last, partial block is padded and the file truncated to
 * its true length. Where {@code O_DIRECT} is refused (tmpfs, some network filesystems), the file
 * is written through the page cache instead, with the same results.
 *
 * <p>A direct write returns only once the disk has the bytes, so each full buffer is written at
 * its own offset by {@code disk} while the next one is filled: copying never waits for the disk,
 * and the disk sees more than one request at a time. At most {@link #IN_FLIGHT} buffers are out;
 * the writer then waits, which is how a slow disk slows the upload. {@code disk} must be a pool
 * of its own: the caller blocks on it.
 *
 * <p>Not thread-safe: one writer at a time (the upload's writing chain).
 */
final class StagingFile implements AutoCloseable {
  /** Alignment for buffers, offsets and lengths: a multiple of every block size up to 4 KiB. */
  private static final int ALIGN = 4096;
  private static final int BUFFER = 1024 * 1024;
  /** Full buffers being written while the next is filled. */
  private static final int IN_FLIGHT = 3;
  /** Aligned buffers are kept for the next upload: allocating direct memory per upload is slow. */
  private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(16);

  private final FileChannel channel;
  private final Executor disk;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  /** The first failed background write, reported by the next call. */
  private final AtomicReference<IOException> failed = new AtomicReference<>();
  private ByteBuffer aligned;
  /** File offset where {@link #aligned}'s first byte goes. */
  private long offset;
  private long length;

  private StagingFile(FileChannel channel, ByteBuffer aligned, Executor disk) {
    this.channel = channel;
    this.aligned = aligned;
    this.disk = disk;
  }

  /**
   * Opens an existing, empty staging file; {@code direct} false forces the page cache. Direct
   * writes of full buffers run on {@code disk}.
   */
  static StagingFile open(Path path, boolean direct, Executor disk) throws IOException {
    if (direct && ALIGN % java.nio.file.Files.getFileStore(path).getBlockSize() == 0) {
      try {
        var channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
            ExtendedOpenOption.DIRECT);
        return new StagingFile(channel, takeBuffer(), disk);
      } catch (UnsupportedOperationException | IOException e) {
        // This filesystem does not do direct I/O: the page cache it is.
      }
    }
    var channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    return new StagingFile(channel, null, disk);
  }

  boolean direct() {
    return aligned != null;
  }

  /** Appends the remaining bytes of {@code chunks} (their positions are advanced). */
  void write(List<ByteBuffer> chunks) throws IOException {
    if (aligned == null) {
      ByteBuffer[] all = chunks.toArray(ByteBuffer[]::new);
      long bytes = 0;
      for (ByteBuffer b : all) bytes += b.remaining();
      long done = 0;
      while (done < bytes) done += channel.write(all);
      length += bytes;
      return;
    }
    for (ByteBuffer chunk : chunks) {
      while (chunk.hasRemaining()) {
        int n = Math.min(chunk.remaining(), aligned.remaining());
        aligned.put(aligned.position(), chunk, chunk.position(), n);
        aligned.position(aligned.position() + n);
        chunk.position(chunk.position() + n);
        length += n;
        if (!aligned.hasRemaining()) writeFullBuffer();
      }
    }
  }

  /** Asks the disk to hold what is written so far (a direct write is already past the page cache). */
  void syncSoFar() throws IOException {
    if (aligned == null && channel.isOpen()) channel.force(false);
  }

  /** Writes what is buffered, sets the true length, fsyncs and closes. Returns the length. */
  long finish() throws IOException {
    if (aligned != null) {
      if (aligned.position() > 0) {
        int tail = aligned.position();
        int padded = (tail + ALIGN - 1) / ALIGN * ALIGN;
        while (aligned.position() < padded) aligned.put((byte) 0);
        aligned.flip();
        writeAt(aligned, offset);
        aligned.clear();
      }
      awaitWrites();
      channel.truncate(length);
    }
    channel.force(false);
    close();
    return length;
  }

  /** Hands the full buffer to the disk pool and goes on with a fresh one. */
  private void writeFullBuffer() throws IOException {
    ByteBuffer full = aligned.flip();
    long at = offset;
    offset += full.remaining();
    slots.acquireUninterruptibly();
    rethrowFailure();
    aligned = takeBuffer();
    try {
      disk.execute(() -> {
        try {
          writeAt(full, at);
        } catch (IOException e) {
          failed.compareAndSet(null, e);
        } finally {
          giveBack(full);
          slots.release();
        }
      });
    } catch (RuntimeException rejected) {
      giveBack(full);
      slots.release();
      throw new IOException("the disk pool refused a write", rejected);
    }
  }

  private void writeAt(ByteBuffer buffer, long at) throws IOException {
    while (buffer.hasRemaining()) channel.write(buffer, at + buffer.position());
  }

  /** Waits until no buffer is out, then reports a write that failed. */
  private void awaitWrites() throws IOException {
    slots.acquireUninterruptibly(IN_FLIGHT);
    slots.release(IN_FLIGHT);
    rethrowFailure();
  }

  private void rethrowFailure() throws IOException {
    IOException e = failed.get();
    if (e != null) throw new IOException("writing the staging file failed", e);
  }

  private static ByteBuffer takeBuffer() {
    ByteBuffer buffer = POOL.poll();
    if (buffer == null) buffer = ByteBuffer.allocateDirect(BUFFER + ALIGN).alignedSlice(ALIGN);
    return buffer.clear();
  }

  private static void giveBack(ByteBuffer buffer) {
    POOL.offer(buffer.clear());
  }

  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) return;
    // Buffers still being written belong to their writes until they end.
    if (aligned != null) slots.acquireUninterruptibly(IN_FLIGHT);
    try {
      channel.close();
    } finally {
      if (aligned != null) {
        slots.release(IN_FLIGHT);
        giveBack(aligned);
      }
    }
  }
}
