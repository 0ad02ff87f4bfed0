package dev.livedrop.media;

import dev.livedrop.drops.Asset;
import dev.livedrop.drops.AssetService;
import dev.livedrop.storage.blob.BlobStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes thumbnails of image files in the background, one at a time, once per distinct content.
 * Large images are decoded subsampled, so a 100-megapixel photo costs a few megabytes, not 400.
 */
public final class Thumbnailer implements AutoCloseable {
  public static final int SIZE = 320;
  private static final long MAX_PIXELS = 400_000_000L;
  private static final Logger log = LoggerFactory.getLogger(Thumbnailer.class);

  private final BlobStore blobs;
  private final Supplier<AssetService> assets;
  private final ExecutorService worker;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  public Thumbnailer(BlobStore blobs, Supplier<AssetService> assets) {
    this.blobs = blobs;
    this.assets = assets;
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
        r -> Thread.ofPlatform().name("thumbnailer").daemon().unstarted(r));
  }

  public static String key(String sha256, String ext) {
    return "thumb/" + sha256 + "." + ext;
  }

  /** The thumbnail of this content and its media type, if one was made. */
  public Optional<Thumb> find(String sha256) throws IOException {
    var png = blobs.derived(key(sha256, "png"));
    if (png.isPresent()) return Optional.of(new Thumb(png.get(), "image/png"));
    return blobs.derived(key(sha256, "jpg")).map(b -> new Thumb(b, "image/jpeg"));
  }

  public record Thumb(byte[] bytes, String mediaType) {}

  public void enqueue(List<Asset> files) {
    for (Asset a : files) {
      if (a.file() == null || a.file().thumbnail() != Asset.Thumbnail.PENDING) continue;
      String sha = a.file().sha256();
      if (!queued.add(sha)) continue;
      try {
        worker.execute(() -> {
          try {
            assets.get().thumbnailFinished(sha, make(sha));
          } catch (RuntimeException e) {
            log.warn("thumbnail for {} not recorded", sha, e);
          } finally {
            queued.remove(sha);
          }
        });
      } catch (RejectedExecutionException e) {
        queued.remove(sha); // picked up again at the next start
      }
    }
  }

  private Asset.Thumbnail make(String sha) {
    try {
      if (find(sha).isPresent()) return Asset.Thumbnail.READY;
    } catch (IOException e) {
      log.info("no thumbnail for {}: {}", sha, e.toString());
      return Asset.Thumbnail.FAILED;
    }
    try (InputStream in = blobs.open(sha); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      var readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) return Asset.Thumbnail.FAILED;
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) return Asset.Thumbnail.FAILED;
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (int) Math.max(1, Math.min(w, h) / (SIZE * 2L));
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage image = reader.read(0, param);
        boolean alpha = image.getColorModel().hasAlpha();
        var out = new ByteArrayOutputStream();
        Thumbnails.of(image).size(SIZE, SIZE).outputFormat(alpha ? "png" : "jpg").toOutputStream(out);
        blobs.putDerived(key(sha, alpha ? "png" : "jpg"), out.toByteArray());
        return Asset.Thumbnail.READY;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      log.info("no thumbnail for {}: {}", sha, e.toString());
      return Asset.Thumbnail.FAILED;
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
