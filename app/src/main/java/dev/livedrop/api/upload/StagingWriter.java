package dev.livedrop.api.upload;

import dev.livedrop.media.MediaTypes;
import dev.livedrop.storage.blob.BlobStore;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Streams one file's bytes into a staging file: hashing (SHA-256 for the address, CRC-32 for zip
 * entries) and keeping the first bytes for type detection on the way, with back-pressure, so an
 * upload of any size costs a few buffers of memory. The file is flushed to disk before success.
 */
public final class StagingWriter {
  private static final int WRITE_BATCH = 1024 * 1024;
  private static final long SYNC_EVERY = 64L * 1024 * 1024;
  private final Vertx vertx;
  private final BlobStore blobs;

  public StagingWriter(Vertx vertx, BlobStore blobs) {
    this.vertx = vertx;
    this.blobs = blobs;
  }

  /** One received file, on disk, not yet committed. */
  public record Staged(String originalName, Path path, String sha256, long crc32, long size, byte[] head, int headLength) {}

  /**
   * Receives {@code source} (paused by the caller) into a new staging file. {@code budget} is
   * charged as bytes arrive and fails the transfer the moment it is exceeded.
   */
  public Future<Staged> receive(String originalName, ReadStream<Buffer> source, UploadBudget budget) {
    Promise<Staged> promise = Promise.promise();
    vertx.<Path>executeBlocking(blobs::newStagingFile, false).onComplete(created -> {
      if (created.failed()) {
        source.handler(b -> {});
        source.resume();
        promise.fail(created.cause());
        return;
      }
      Path path = created.result();
      vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
          .onSuccess(file -> new Transfer(originalName, path, source, file, budget, promise).start())
          .onFailure(e -> {
            blobs.discard(path);
            source.handler(b -> {});
            source.resume();
            promise.fail(e);
          });
    });
    return promise.future();
  }

  /** The state of one transfer; touched only on the request's event loop. */
  private final class Transfer {
    private final String originalName;
    private final Path path;
    private final ReadStream<Buffer> source;
    private final AsyncFile file;
    private final UploadBudget budget;
    private final Promise<Staged> promise;
    private final MessageDigest sha256 = newSha256();
    private final CRC32 crc = new CRC32();
    private final byte[] head = new byte[MediaTypes.SNIFF_BYTES];
    private int headLength;
    private long size;
    private boolean finished;
    private Buffer pending = newBatch();
    private int outstanding;
    private boolean ending;
    private long written;
    private long synced;

    Transfer(String originalName, Path path, ReadStream<Buffer> source, AsyncFile file, UploadBudget budget,
        Promise<Staged> promise) {
      this.originalName = originalName;
      this.path = path;
      this.source = source;
      this.file = file;
      this.budget = budget;
      this.promise = promise;
    }

    void start() {
      // Room for a few batches in flight, so reading the socket and writing the disk overlap
      // instead of taking turns; bounded, so a slow disk pauses the client rather than the heap.
      file.setWriteQueueMaxSize(4 * WRITE_BATCH);
      file.exceptionHandler(this::abort);
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
      ByteBuf bb = ((BufferInternal) buf).getByteBuf();
      for (ByteBuffer nio : bb.nioBuffers()) {
        sha256.update(nio.duplicate());
        crc.update(nio.duplicate());
        if (headLength < head.length) {
          int n = Math.min(head.length - headLength, nio.remaining());
          nio.duplicate().get(head, headLength, n);
          headLength += n;
        }
      }
      // Small request chunks are gathered into large writes: one file write per ~1 MiB, not per 8 KiB.
      pending.appendBuffer(buf);
      if (pending.length() >= WRITE_BATCH) writePending();
      if (file.writeQueueFull()) {
        source.pause();
        file.drainHandler(v -> {
          if (!finished) source.resume();
        });
      }
    }

    private static Buffer newBatch() {
      return Buffer.buffer(WRITE_BATCH + 64 * 1024);
    }

    private void writePending() {
      if (pending.length() == 0) return;
      outstanding++;
      written += pending.length();
      Buffer batch = pending;
      file.write(batch).onComplete(w -> {
        outstanding--;
        if (w.failed()) abort(w.cause());
        else if (ending && outstanding == 0) complete();
      });
      pending = newBatch();
      // Sync as we go, on the file's worker, so the final fsync has little left to do: a large
      // upload's writeback overlaps with receiving it instead of following it.
      if (written - synced >= SYNC_EVERY) {
        synced = written;
        file.flush();
      }
    }

    private void onEnd() {
      if (finished) return;
      finished = true;
      ending = true;
      writePending();
      if (outstanding == 0) complete();
    }

    /** Every write has landed: flush to disk, close, and report the staged file. */
    private void complete() {
      ending = false;
      file.flush().compose(v -> file.close()).onComplete(done -> {
        if (done.succeeded()) {
          promise.complete(new Staged(originalName, path, HexFormat.of().formatHex(sha256.digest()),
              crc.getValue(), size, head, headLength));
        } else {
          vertx.executeBlocking(() -> { blobs.discard(path); return null; }, false);
          promise.fail(done.cause());
        }
      });
    }

    private void abort(Throwable cause) {
      if (finished && !ending) return;
      finished = true;
      ending = false;
      // Keep reading and discarding: the client learns the outcome from the response, not from
      // a reset connection; the route decides when to close.
      source.handler(b -> {});
      source.exceptionHandler(e -> {});
      source.endHandler(v -> {});
      source.resume();
      file.close().onComplete(x -> vertx.executeBlocking(() -> {
        blobs.discard(path);
        return null;
      }, false));
      promise.tryFail(cause);
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
