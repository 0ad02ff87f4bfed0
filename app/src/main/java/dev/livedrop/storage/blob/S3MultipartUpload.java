package dev.livedrop.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Sends one staged file as an S3 multipart upload, part after part straight from the file (no part
 * is held in memory), and aborts the upload if any step fails so no parts are left to pay for.
 * A part is re-read from the file when the SDK retries it.
 */
final class S3MultipartUpload {
  private final S3Client s3;
  private final S3Calls calls;
  private final String bucket;
  private final long partSize;

  S3MultipartUpload(S3Client s3, S3Calls calls, String bucket, long partSize) {
    this.s3 = s3;
    this.calls = calls;
    this.bucket = bucket;
    this.partSize = partSize;
  }

  void send(Path file, long size, String key, Map<String, String> metadata) throws IOException {
    String uploadId = calls.run("starting the multipart upload of " + key, () -> s3.createMultipartUpload(
        CreateMultipartUploadRequest.builder().bucket(bucket).key(key).metadata(metadata).build()).uploadId());
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long offset = 0; offset < size; offset += partSize, number++) {
        long length = Math.min(partSize, size - offset);
        int n = number;
        long from = offset;
        var request = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId).partNumber(n)
            .contentLength(length).build();
        var body = RequestBody.fromContentProvider(() -> slice(file, from, length), length, "application/octet-stream");
        String etag = calls.run("part " + n + " of " + key, () -> s3.uploadPart(request, body).eTag());
        parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
      }
      calls.run("completing the multipart upload of " + key, () -> s3.completeMultipartUpload(
          CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
              .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build()));
    } catch (IOException | RuntimeException e) {
      // An interrupted thread (a shutdown) would fail the abort at once too: abort, then interrupt again.
      boolean interrupted = Thread.interrupted();
      try {
        calls.run("aborting the multipart upload of " + key, () -> s3.abortMultipartUpload(
            AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build()));
      } catch (IOException abortFailed) {
        // S3 unreachable: the bucket's lifecycle rule for incomplete uploads takes them (decision 0018).
        e.addSuppressed(abortFailed);
      } finally {
        if (interrupted) Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  private static InputStream slice(Path file, long offset, long length) {
    try {
      var ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(offset);
      return new LimitedInputStream(Channels.newInputStream(ch), length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
