package dev.livedrop.api.upload;

import static dev.livedrop.drops.DropException.Reason.FILE_TOO_LARGE;

import dev.livedrop.drops.AssetService;
import dev.livedrop.drops.DropException;
import dev.livedrop.drops.UploadAllowance;
import java.util.Map;

/**
 * How many bytes one upload request may still bring: each file within the per-file limit, all
 * files together within the room left in the drop. Checked as bytes arrive, so an oversized upload
 * stops at the limit rather than after filling the disk.
 */
public final class UploadBudget {
  private final UploadAllowance allowance;
  private long received;

  public UploadBudget(UploadAllowance allowance) {
    this.allowance = allowance;
  }

  /** Counts {@code n} more bytes of a file now {@code fileSize} long; the error if over budget. */
  RuntimeException charge(int n, long fileSize) {
    received += n;
    if (fileSize > allowance.maxFileSize()) return fileTooLarge(allowance.maxFileSize(), fileSize);
    if (received > allowance.remainingBytes()) return AssetService.quotaExceeded(received, allowance.remainingBytes());
    return null;
  }

  /** Refuses at once what a declared Content-Length shows cannot fit. */
  public void checkDeclared(long contentLength) {
    if (contentLength > allowance.maxFileSize()) throw fileTooLarge(allowance.maxFileSize(), contentLength);
    if (contentLength > allowance.remainingBytes()) {
      throw AssetService.quotaExceeded(contentLength, allowance.remainingBytes());
    }
  }

  public static DropException fileTooLarge(long max, long size) {
    return new DropException(FILE_TOO_LARGE, "A file may have at most " + max + " bytes.",
        Map.of("maxFileSize", max, "receivedBytes", size));
  }
}
