package dev.livedrop.api;

import dev.livedrop.drops.Asset;
import dev.livedrop.drops.AssetKind;
import dev.livedrop.storage.blob.BlobStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /drops/{name}/download.zip}: every file of the drop in one zip, streamed as it is
 * written. Entries are STORED with the size and CRC-32 recorded at upload, so nothing is
 * compressed or copied to a temporary file, and memory stays at one buffer per download.
 */
final class ZipRoutes {
  private static final Logger log = LoggerFactory.getLogger(ZipRoutes.class);
  private final Services s;
  private final Viewers viewers;
  private final Blocking blocking;

  ZipRoutes(Services s, Viewers viewers, Blocking blocking) {
    this.s = s;
    this.viewers = viewers;
    this.blocking = blocking;
  }

  void mount(Router api) {
    api.get("/drops/:name/download.zip").handler(this::zip);
  }

  private void zip(RoutingContext ctx) {
    viewers.of(ctx).compose(v -> blocking.run(() -> {
      s.drops().live(v.drop());
      return s.assets().list(v.drop()).stream().filter(a -> a.kind() == AssetKind.FILE).toList();
    })).onSuccess(files -> {
      String drop = ctx.pathParam("name");
      ctx.response()
          .setChunked(true)
          .putHeader("Content-Type", "application/zip")
          .putHeader("Content-Disposition", HeaderText.contentDisposition("attachment", drop + ".zip"))
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Cache-Control", "private, no-store");
      blocking.run(() -> {
        write(files, new ResponseOutputStream(ctx.response()), s.blobs());
        return null;
      }).onFailure(e -> {
        log.info("zip of {} stopped: {}", drop, e.toString());
        ctx.response().reset();
      });
    }).onFailure(ctx::fail);
  }

  static void write(List<Asset> files, ResponseOutputStream out, BlobStore blobs) throws IOException {
    Set<String> used = new HashSet<>();
    try (var zip = new ZipOutputStream(new BufferedOutputStream(out, 256 * 1024))) {
      for (Asset a : files) {
        var f = a.file();
        var entry = new ZipEntry(uniqueName(a.name(), used));
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(f.size());
        entry.setCompressedSize(f.size());
        entry.setCrc(f.crc32());
        entry.setLastModifiedTime(FileTime.from(a.createdAt()));
        zip.putNextEntry(entry);
        try (InputStream in = blobs.open(f.sha256())) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
  }

  /** Two files may share a name in a drop but not in a zip: "a.txt", "a (2).txt", ... */
  static String uniqueName(String name, Set<String> used) {
    String candidate = name;
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 2; !used.add(candidate.toLowerCase(java.util.Locale.ROOT)); i++) {
      candidate = stem + " (" + i + ")" + ext;
    }
    return candidate;
  }
}
