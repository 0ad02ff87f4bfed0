package dev.livedrop.api.upload;

import dev.livedrop.media.MediaTypes;
import dev.livedrop.storage.blob.BlobStore;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * Streams one file's bytes into a staging file, hashing them on the way (SHA-256 for the address,
 * CRC-32 for zip entries) and keeping the first bytes for type detection, with back-pressure, so
 * an upload of any size costs a few buffers of memory. The file is on disk (fsync) before success.
 *
 * <p>The event loop only reads the socket and gathers its chunks (without copying them) into
 * batches of about 1 MiB. Each batch goes to two {@link SerialLane}s on the worker pool: one
 * hashes it with SHA-256 (the larger cost, bound by the CPU's SHA instructions), the other
 * computes its CRC-32 and copies it into the staging file, whose disk
 * writes run on a pool of their own ({@link StagingFile}). So hashing, copying, the disk and the
 * receiving of the next batch all run side by side. At most {@link #MAX_QUEUED} batches wait;
 * beyond that the request is paused, so a slow disk slows the client rather than growing the heap.
 */
public final class StagingWriter {
  private static final int WRITE_BATCH = 1024 * 1024;
  private static final int MAX_QUEUED = 4;
  /** Sync as we go, so the final fsync has little left and writeback overlaps with receiving. */
  private static final long SYNC_EVERY = 64L * 1024 * 1024;
  private static final int DISK_THREADS = 8;
  private final Vertx vertx;
  private final BlobStore blobs;
  private final boolean directIo;
  private final Executor workers;
  /**
   * Direct writes of full staging buffers, beside the copying into the next one. A pool of its
   * own: the writing lanes (on Vert.x's worker pool) wait on it, so it must never wait on them.
   */
  private final WorkerExecutor disk;

  public StagingWriter(Vertx vertx, BlobStore blobs) {
    this(vertx, blobs, true);
  }

  /** {@code directIo} false writes staging files through the page cache even where O_DIRECT works. */
  public StagingWriter(Vertx vertx, BlobStore blobs, boolean directIo) {
    this.vertx = vertx;
    this.blobs = blobs;
    this.directIo = directIo;
    this.workers = task -> vertx.executeBlocking(() -> {
      task.run();
      return null;
    }, false);
    this.disk = vertx.createSharedWorkerExecutor("livedrop-staging-disk", DISK_THREADS);
  }

  /** One received file, on disk, not yet committed. */
  public record Staged(String originalName, Path path, String sha256, long crc32, long size, byte[] head, int headLength) {}

  /**
   * Receives {@code source} (paused by the caller) into a new staging file. {@code budget} is
   * charged as bytes arrive and fails the transfer the moment it is exceeded. A source that
   * fails, or is cancelled or cut short through the returned {@link Receiving}, fails the
   * transfer with its staging file deleted.
   */
  public Receiving receive(String originalName, ReadStream<Buffer> source, UploadBudget budget) {
    Receiving receiving = new Receiving();
    Promise<Staged> promise = receiving.promise();
    vertx.<Opened>executeBlocking(() -> {
      Path path = blobs.newStagingFile();
      try {
        return new Opened(path, StagingFile.open(path, directIo, this::onDisk));
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
      receiving.attach(new Transfer(originalName, opened.result(), source, budget, promise));
    });
    return receiving;
  }

  private void onDisk(Runnable write) {
    disk.executeBlocking(() -> {
      write.run();
      return null;
    }, false);
  }

  private record Opened(Path path, StagingFile file) {}

  /** What a lane does with one batch. */
  private interface Step {
    void apply(List<Buffer> batch) throws IOException;
  }

  /**
   * One transfer. Fields above the line are the event loop's; below it, the digest is touched only
   * by the hashing lane and the CRC, the staging file and the byte counts only by the writing lane.
   */
  private final class Transfer implements Receiving.Transfer {
    private final String originalName;
    private final ReadStream<Buffer> source;
    private final UploadBudget budget;
    private final Promise<Staged> promise;
    private final Context context = vertx.getOrCreateContext();
    private final byte[] head = new byte[MediaTypes.SNIFF_BYTES];
    private int headLength;
    private long size;
    private boolean finished;
    private boolean aborted;
    private boolean paused;
    /** The source holds all it will ever deliver (its request ended). */
    private boolean inputEnded;
    private int queued;
    private List<Buffer> pending = new ArrayList<>();
    private int pendingBytes;
    /** Completed once the transfer is finished and no batch is left in either lane. */
    private final Promise<Void> drained = Promise.promise();
    // ---- shared with the lanes
    private final SerialLane hashLane = new SerialLane(workers);
    private final SerialLane writeLane = new SerialLane(workers);
    /** The first failure, from a lane or the event loop; the lanes skip their work once it is set. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    // ---- lanes only
    private final Path path;
    private final StagingFile file;
    private final MessageDigest sha256 = newSha256();
    private final CRC32 crc = new CRC32();
    private long written;
    private long synced;
    private final AtomicBoolean syncing = new AtomicBoolean();

    Transfer(String originalName, Opened opened, ReadStream<Buffer> source, UploadBudget budget, Promise<Staged> promise) {
      this.originalName = originalName;
      this.path = opened.path();
      this.file = opened.file();
      this.source = source;
      this.budget = budget;
      this.promise = promise;
    }

    @Override
    public void start() {
      source.exceptionHandler(e -> abort(IncompleteBody.of(e)));
      source.handler(this::onData);
      source.endHandler(v -> onEnd());
      source.resume();
    }

    @Override
    public void inputEnded() {
      inputEnded = true;
      checkCutShort();
    }

    /**
     * Once the source, with all its input in hand, is flowing (not paused by us), whatever it
     * still buffers is delivered by a task on its event loop (Vert.x's InboundBuffer.fetch): a
     * task queued after that one sees the file ended, or paused again, or never to end.
     */
    private void checkCutShort() {
      if (!inputEnded || finished || paused) return;
      context.runOnContext(v -> {
        if (!finished && !paused) {
          abort(new IncompleteBody("The request ended before this file did (a multipart part without its closing boundary).", null));
        }
      });
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

    /** Hands the gathered batch to both lanes; pauses the client if too many wait. */
    private void submit() {
      var batch = new Batch(pending);
      pending = new ArrayList<>();
      pendingBytes = 0;
      queued++;
      if (queued >= MAX_QUEUED && !paused) {
        paused = true;
        source.pause();
      }
      hashLane.execute(() -> batch.run(this::hash));
      writeLane.execute(() -> batch.run(this::write));
    }

    /** One batch, done once both lanes have had it. */
    private final class Batch {
      private final List<Buffer> buffers;
      private final AtomicInteger lanesLeft = new AtomicInteger(2);

      Batch(List<Buffer> buffers) {
        this.buffers = buffers;
      }

      void run(Step step) {
        try {
          if (failure.get() == null) step.apply(buffers);
        } catch (Throwable e) {
          // Whatever it is, the upload fails: a batch that silently skipped a lane would end
          // with a wrong hash or a short file.
          failure.compareAndSet(null, e);
          if (e instanceof Error error) throw error;
        } finally {
          // Even after an Error: the transfer waits for every batch, and must end.
          if (lanesLeft.decrementAndGet() == 0) context.runOnContext(v -> batchDone());
        }
      }
    }

    /** Event loop: a batch has left both lanes. */
    private void batchDone() {
      queued--;
      Throwable failed = failure.get();
      if (failed != null) {
        abort(failed);
      } else if (paused && !finished && queued <= MAX_QUEUED / 2) {
        paused = false;
        source.resume();
        checkCutShort();
      }
      checkDrained();
    }

    private void checkDrained() {
      if (finished && queued == 0) drained.tryComplete();
    }

    /** Hashing lane: one batch into the digest. Reads its own views of the chunks. */
    private void hash(List<Buffer> batch) {
      for (Buffer b : batch) {
        for (ByteBuffer nio : ((BufferInternal) b).getByteBuf().nioBuffers()) sha256.update(nio);
      }
    }

    /** Writing lane: one batch into the CRC and the file, through views of its own. */
    private void write(List<Buffer> batch) throws IOException {
      var nios = new ArrayList<ByteBuffer>(batch.size());
      long bytes = 0;
      for (Buffer b : batch) {
        ByteBuf bb = ((BufferInternal) b).getByteBuf();
        for (ByteBuffer nio : bb.nioBuffers()) {
          crc.update(nio.duplicate());
          nios.add(nio);
          bytes += nio.remaining();
        }
      }
      file.write(nios);
      written += bytes;
      if (!file.direct() && written - synced >= SYNC_EVERY && syncing.compareAndSet(false, true)) {
        // Off the lane: the disk writes back what is written so far while the next batches are
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
      checkDrained();
      drained.future().onComplete(v -> {
        Throwable failed = failure.get();
        if (failed != null) {
          discardFile();
          promise.tryFail(failed);
          return;
        }
        vertx.executeBlocking(() -> {
          file.finish();
          return new Staged(originalName, path, HexFormat.of().formatHex(sha256.digest()), crc.getValue(), total, head,
              headLength);
        }, false).onComplete(done -> {
          // The client may have gone while the file was being finished: then nobody wants it.
          if (done.failed() || !promise.tryComplete(done.result())) {
            discardFile();
            if (done.failed()) promise.tryFail(done.cause());
          }
        });
      });
    }

    @Override
    public void abort(Throwable cause) {
      if (aborted || promise.future().isComplete()) return;
      aborted = true;
      boolean ended = finished;
      finished = true;
      failure.compareAndSet(null, cause);
      // Keep reading and discarding: the client learns the outcome from the response, not from
      // a reset connection; the route decides when to close.
      source.handler(b -> {});
      source.exceptionHandler(e -> {});
      source.endHandler(v -> {});
      source.resume();
      // Whatever is still in the lanes ends first (skipping its work); then the file goes. Once
      // the body has ended, onEnd's own ending does that instead.
      if (!ended) {
        checkDrained();
        drained.future().onComplete(v -> discardFile());
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
