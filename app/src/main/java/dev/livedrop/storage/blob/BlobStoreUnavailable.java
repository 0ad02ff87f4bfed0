package dev.livedrop.storage.blob;

import java.io.IOException;

/**
 * The store could not be reached or refused to work (S3 down, a network fault, a 5xx): nothing is
 * wrong with the request, so the API answers 503 and the client may try again.
 */
public final class BlobStoreUnavailable extends IOException {
  public BlobStoreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
