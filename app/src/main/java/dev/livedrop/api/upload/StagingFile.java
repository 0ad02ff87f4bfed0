package dev.livedrop.api.upload;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The staging file an upload is written to, opened with {@code O_DIRECT} where the filesystem
 * allows it. The bytes are fsynced before the upload succeeds anyway, so going through the page
 * cache only costs: on this project's machines, a buffered write plus fsync slows to a third of
 * its speed once another gigabyte has recently been written, where a direct write does not
 * (docs/benchmarks.md). Direct I/O needs block-aligned memory, offsets and lengths, so the bytes
 * are copied into an aligned buffer (the same copy the JDK makes anyway for heap buffers) and
 * written a whole buffer at a time; the last, partial block is padded and the file truncated to
 * its true length. Where {@code O_DIRECT} is refused (tmpfs, some network filesystems), the file
 * is written through the page cache instead, with the same results.
 *
 * <p>Not thread-safe: one writer at a time (the upload's writing chain).
 */
final class StagingFile implements AutoCloseable {
  /** Alignment for buffers, offsets and lengths: a multiple of every block size up to 4 KiB. */
  private static final int ALIGN = 4096;
  private static final int BUFFER = 1024 * 1024;
  /** Aligned buffers are kept for the next upload: allocating direct memory per upload is slow. */
  private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(8);

  private final FileChannel channel;
  private final ByteBuffer aligned;
  private long length;

  private StagingFile(FileChannel channel, ByteBuffer aligned) {
    this.channel = channel;
    this.aligned = aligned;
  }

  /** Opens an existing, empty staging file; {@code direct} false forces the page cache. */
  static StagingFile open(Path path, boolean direct) throws IOException {
    if (direct && ALIGN % java.nio.file.Files.getFileStore(path).getBlockSize() == 0) {
      try {
        var channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
            ExtendedOpenOption.DIRECT);
        ByteBuffer buffer = POOL.poll();
        if (buffer == null) buffer = ByteBuffer.allocateDirect(BUFFER + ALIGN).alignedSlice(ALIGN);
        buffer.clear();
        return new StagingFile(channel, buffer);
      } catch (UnsupportedOperationException | IOException e) {
        // This filesystem does not do direct I/O: the page cache it is.
      }
    }
    return new StagingFile(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), null);
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
        if (!aligned.hasRemaining()) writeAligned();
      }
    }
  }

  /** Asks the disk to hold what is written so far (a direct write is already past the page cache). */
  void syncSoFar() throws IOException {
    if (aligned == null && channel.isOpen()) channel.force(false);
  }

  /** Writes what is buffered, sets the true length, fsyncs and closes. Returns the length. */
  long finish() throws IOException {
    if (aligned != null && aligned.position() > 0) {
      int tail = aligned.position();
      int padded = (tail + ALIGN - 1) / ALIGN * ALIGN;
      while (aligned.position() < padded) aligned.put((byte) 0);
      writeAligned();
      channel.truncate(length);
    }
    channel.force(false);
    close();
    return length;
  }

  private void writeAligned() throws IOException {
    aligned.flip();
    while (aligned.hasRemaining()) channel.write(aligned);
    aligned.clear();
  }

  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) return;
    try {
      channel.close();
    } finally {
      if (aligned != null) {
        aligned.clear();
        POOL.offer(aligned);
      }
    }
  }
}
