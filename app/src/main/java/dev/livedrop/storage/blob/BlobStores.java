package dev.livedrop.storage.blob;

import dev.livedrop.config.LivedropConfig;
import java.io.IOException;

/** The store the settings choose: local disk under the data dir, or an S3 bucket shared by every node. */
public final class BlobStores {
  private BlobStores() {}

  public static BlobStore open(LivedropConfig config) throws IOException {
    var storage = config.blobStorage();
    return switch (storage.kind()) {
      case "s3" -> S3BlobStore.connect(storage.s3(), config.dataDir());
      default -> new DiskBlobStore(config.dataDir());
    };
  }
}
