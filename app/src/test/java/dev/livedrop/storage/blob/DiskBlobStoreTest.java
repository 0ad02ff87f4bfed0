package dev.livedrop.storage.blob;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class DiskBlobStoreTest extends BlobStoreContract {
  @TempDir Path data;
  DiskBlobStore store;

  @BeforeEach
  void open() throws Exception {
    store = new DiskBlobStore(data);
  }

  @Override
  BlobStore store() {
    return store;
  }
}
