package dev.livedrop.storage.blob;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's unchecked exceptions into the store's: no answer, a 5xx, a throttle or a refusal
 * of our credentials become {@link BlobStoreUnavailable} (the request was fine, try again later);
 * anything else an {@link IOException} naming the operation.
 */
final class S3Calls {
  private final String where;

  S3Calls(String where) {
    this.where = where;
  }

  interface Call<T> {
    T run();
  }

  <T> T run(String what, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (S3Exception e) {
      int status = e.statusCode();
      String reason = what + " at " + where + " failed: HTTP " + status + " " + errorCode(e);
      if (status >= 500 || status == 429 || status == 403) throw new BlobStoreUnavailable(reason, e);
      throw new IOException(reason, e);
    } catch (SdkClientException e) {
      throw new BlobStoreUnavailable(what + " at " + where + " failed: " + e.getMessage(), e);
    }
  }

  static boolean notFound(S3Exception e) {
    return e.statusCode() == 404;
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
  }
}
