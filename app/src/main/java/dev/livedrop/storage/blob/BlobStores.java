package dev.livedrop.storage.blob;

import java.io.IOException;
import java.nio.file.Path;

/** The store the settings choose: local disk under the data dir, or an S3 bucket shared by every node. */
public final class BlobStores {
  private BlobStores() {}

  /** {@code s3} null: the disk. Staging is under {@code dataDir} either way. */
  public static BlobStore open(S3Settings s3, Path dataDir) throws IOException {
    return s3 == null ? new DiskBlobStore(dataDir) : S3BlobStore.connect(s3, dataDir);
  }
}
