package dev.livedrop.api.upload;

import dev.livedrop.media.MediaTypes;
import dev.livedrop.storage.blob.BlobStore;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Streams one file's bytes into a staging file, hashing them on the way (SHA-256 for the address,
 * CRC-32 for zip entries) and keeping the first bytes for type detection, with back-pressure, so
 * an upload of any size costs a few buffers of memory. The file is on disk (fsync) before success.
 *
 * <p>The event loop only reads the socket and gathers its chunks (without copying them) into
 * batches of about 1 MiB. Two chains of worker tasks take each batch, in order: one hashes it, the
 * other writes it with one gathering write. Hashing (the larger cost: SHA-256 runs at about
 * 1.5 GB/s here) and writing run side by side and beside the receiving of the next batch, instead
 * of one after the other. At most {@link #MAX_QUEUED} batches wait; beyond that the request is
 * paused, so a slow disk slows the client rather than growing the heap.
 */
public final class StagingWriter {
  private static final int WRITE_BATCH = 1024 * 1024;
  private static final int MAX_QUEUED = 4;
  /** Sync as we go, so the final fsync has little left and writeback overlaps with receiving. */
  private static final long SYNC_EVERY = 64L * 1024 * 1024;
  private final Vertx vertx;
  private final BlobStore blobs;

  private final boolean directIo;

  public StagingWriter(Vertx vertx, BlobStore blobs) {
    this(vertx, blobs, true);
  }

  /** {@code directIo} false writes staging files through the page cache even where O_DIRECT works. */
  public StagingWriter(Vertx vertx, BlobStore blobs, boolean directIo) {
    this.vertx = vertx;
    this.blobs = blobs;
    this.directIo = directIo;
  }

  /** One received file, on disk, not yet committed. */
  public record Staged(String originalName, Path path, String sha256, long crc32, long size, byte[] head, int headLength) {}

  /**
   * Receives {@code source} (paused by the caller) into a new staging file. {@code budget} is
   * charged as bytes arrive and fails the transfer the moment it is exceeded.
   */
  public Future<Staged> receive(String originalName, ReadStream<Buffer> source, UploadBudget budget) {
    Promise<Staged> promise = Promise.promise();
    vertx.<Opened>executeBlocking(() -> {
      Path path = blobs.newStagingFile();
      try {
        return new Opened(path, StagingFile.open(path, directIo));
      } catch (IOException e) {
        blobs.discard(path);
        throw e;
      }
    }, false).onComplete(opened -> {
      if (opened.failed()) {
        source.handler(b -> {});
        source.resume();
        promise.fail(opened.cause());
        return;
      }
      new Transfer(originalName, opened.result(), source, budget, promise).start();
    });
    return promise.future();
  }

  private record Opened(Path path, StagingFile file) {}

  /**
   * One transfer. Fields above the line are the event loop's; below it, the digests are touched
   * only by the hashing chain and the staging file and byte counts only by the writing chain, each
   * running one task at a time.
   */
  private final class Transfer {
    private final String originalName;
    private final ReadStream<Buffer> source;
    private final UploadBudget budget;
    private final Promise<Staged> promise;
    private final byte[] head = new byte[MediaTypes.SNIFF_BYTES];
    private int headLength;
    private long size;
    private boolean finished;
    private boolean paused;
    private int queued;
    private java.util.List<Buffer> pending = new java.util.ArrayList<>();
    private int pendingBytes;
    private Future<Void> hashChain = Future.succeededFuture();
    private Future<Void> writeChain = Future.succeededFuture();
    // ---- worker side
    private final Path path;
    private final StagingFile file;
    private final MessageDigest sha256 = newSha256();
    private final CRC32 crc = new CRC32();
    private long written;
    private long synced;
    private final java.util.concurrent.atomic.AtomicBoolean syncing = new java.util.concurrent.atomic.AtomicBoolean();

    Transfer(String originalName, Opened opened, ReadStream<Buffer> source, UploadBudget budget, Promise<Staged> promise) {
      this.originalName = originalName;
      this.path = opened.path();
      this.file = opened.file();
      this.source = source;
      this.budget = budget;
      this.promise = promise;
    }

    void start() {
      source.exceptionHandler(this::abort);
      source.handler(this::onData);
      source.endHandler(v -> onEnd());
      source.resume();
    }

    private void onData(Buffer buf) {
      if (finished) return;
      size += buf.length();
      RuntimeException over = budget.charge(buf.length(), size);
      if (over != null) {
        abort(over);
        return;
      }
      if (headLength < head.length) {
        int n = Math.min(head.length - headLength, buf.length());
        buf.getBytes(0, n, head, headLength);
        headLength += n;
      }
      // Small request chunks are gathered, not copied, into one large write per ~1 MiB.
      pending.add(buf);
      pendingBytes += buf.length();
      if (pendingBytes >= WRITE_BATCH) submit();
    }

    /** Hands the gathered batch to both worker chains; pauses the client if too many wait. */
    private void submit() {
      var batch = pending;
      pending = new java.util.ArrayList<>();
      pendingBytes = 0;
      queued++;
      if (queued >= MAX_QUEUED && !paused) {
        paused = true;
        source.pause();
      }
      hashChain = hashChain.compose(v -> vertx.executeBlocking(() -> {
        hash(batch);
        return null;
      }, false));
      writeChain = writeChain.compose(v -> vertx.executeBlocking(() -> {
        write(batch);
        return null;
      }, false));
      bothChains().onComplete(done -> {
        queued--;
        if (done.failed()) {
          abort(done.cause());
        } else if (paused && !finished && queued <= MAX_QUEUED / 2) {
          paused = false;
          source.resume();
        }
      });
    }

    /** Done when every batch submitted so far is both hashed and written; failed as soon as one fails. */
    private Future<Void> bothChains() {
      return Future.all(hashChain, writeChain).mapEmpty();
    }

    /**
     * Done when both chains have stopped, however they ended: only then may the file (and its
     * pooled buffer) be closed, since a write may still be running when the other chain fails.
     */
    private Future<Void> bothSettled() {
      return Future.join(hashChain, writeChain).mapEmpty();
    }

    /** Hashing chain: one batch into both digests. Reads its own views of the chunks. */
    private void hash(java.util.List<Buffer> batch) {
      for (Buffer b : batch) {
        for (ByteBuffer nio : ((BufferInternal) b).getByteBuf().nioBuffers()) {
          sha256.update(nio.duplicate());
          crc.update(nio);
        }
      }
    }

    /** Writing chain: one batch, through views of its own. */
    private void write(java.util.List<Buffer> batch) throws IOException {
      var nios = new java.util.ArrayList<ByteBuffer>(batch.size());
      long bytes = 0;
      for (Buffer b : batch) {
        ByteBuf bb = ((BufferInternal) b).getByteBuf();
        for (ByteBuffer nio : bb.nioBuffers()) {
          nios.add(nio);
          bytes += nio.remaining();
        }
      }
      file.write(nios);
      written += bytes;
      if (!file.direct() && written - synced >= SYNC_EVERY && syncing.compareAndSet(false, true)) {
        // Off the chain: the disk writes back what is written so far while the next batches are
        // hashed and written, instead of stalling them. One sync at a time.
        synced = written;
        vertx.executeBlocking(() -> {
          try {
            file.syncSoFar();
          } finally {
            syncing.set(false);
          }
          return null;
        }, false);
      }
    }

    private void onEnd() {
      if (finished) return;
      finished = true;
      if (pendingBytes > 0) submit();
      long total = size;
      bothSettled().compose(v -> vertx.executeBlocking(() -> {
        file.finish();
        return new Staged(originalName, path, HexFormat.of().formatHex(sha256.digest()), crc.getValue(), total, head,
            headLength);
      }, false)).onComplete(done -> {
        if (done.succeeded()) {
          promise.complete(done.result());
        } else {
          discardFile();
          promise.tryFail(done.cause());
        }
      });
    }

    private void abort(Throwable cause) {
      if (promise.future().isComplete()) return;
      boolean wasFinished = finished;
      finished = true;
      // Keep reading and discarding: the client learns the outcome from the response, not from
      // a reset connection; the route decides when to close.
      source.handler(b -> {});
      source.exceptionHandler(e -> {});
      source.endHandler(v -> {});
      source.resume();
      if (!wasFinished) {
        // Whatever is still queued runs first (or fails); then the file goes.
        bothSettled().onComplete(x -> discardFile());
      }
      promise.tryFail(cause);
    }

    private void discardFile() {
      vertx.executeBlocking(() -> {
        try {
          file.close();
        } catch (IOException ignored) {
          // deleting it anyway
        }
        blobs.discard(path);
        return null;
      }, false);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
