package dev.livedrop.api.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The staging file holds exactly the bytes written, whatever their sizes, direct or not. */
class StagingFileTest {
  @TempDir Path dir;
  /** Disk writes on threads of their own, as in the server, so they overlap the copying. */
  private final ExecutorService disk = Executors.newFixedThreadPool(3);

  @AfterEach
  void stopDisk() {
    disk.shutdownNow();
  }

  @ParameterizedTest(name = "{0} bytes, direct={1}")
  @CsvSource({
      "0, true", "0, false",
      "1, true", "4095, true", "4096, true", "4097, true",
      "1048576, true", "1048577, true", "3000000, true", "3000000, false", "20000000, true"})
  void holdsExactlyWhatWasWritten(int size, boolean direct) throws Exception {
    byte[] content = new byte[size];
    var random = new Random(size);
    random.nextBytes(content);
    Path path = Files.createFile(dir.resolve("staging-" + size + "-" + direct));
    try (var file = StagingFile.open(path, direct, disk)) {
      // ext4 and xfs (the data directory on these machines) take O_DIRECT; tmpfs would not.
      if (direct && !"tmpfs".equals(Files.getFileStore(path).type())) assertThat(file.direct()).isTrue();
      if (!direct) assertThat(file.direct()).isFalse();
      // Chunks of uneven sizes, several per call, heap and direct, as request bodies arrive.
      int at = 0;
      while (at < size) {
        List<ByteBuffer> batch = new ArrayList<>();
        for (int k = 0; k < 3 && at < size; k++) {
          int n = Math.min(size - at, 1 + random.nextInt(200_000));
          ByteBuffer chunk = random.nextBoolean() ? ByteBuffer.allocate(n) : ByteBuffer.allocateDirect(n);
          chunk.put(content, at, n).flip();
          batch.add(chunk);
          at += n;
        }
        file.write(batch);
        for (ByteBuffer b : batch) assertThat(b.hasRemaining()).isFalse();
      }
      assertThat(file.finish()).isEqualTo(size);
    }
    assertThat(Files.readAllBytes(path)).isEqualTo(content);
  }

  @ParameterizedTest(name = "direct={0}")
  @CsvSource({"true", "false"})
  void aBufferReusedByTheNextFileCarriesNothingOver(boolean direct) throws Exception {
    byte[] first = new byte[5000];
    java.util.Arrays.fill(first, (byte) 'a');
    Path p1 = Files.createFile(dir.resolve("one"));
    try (var file = StagingFile.open(p1, direct, disk)) {
      file.write(List.of(ByteBuffer.wrap(first)));
      file.finish();
    }
    Path p2 = Files.createFile(dir.resolve("two"));
    byte[] second = "short".getBytes();
    try (var file = StagingFile.open(p2, direct, disk)) {
      file.write(List.of(ByteBuffer.wrap(second)));
      file.finish();
    }
    assertThat(Files.readAllBytes(p1)).isEqualTo(first);
    assertThat(Files.readAllBytes(p2)).isEqualTo(second);
  }

  @Test
  void aDiskThatFailsFailsTheFileInsteadOfLosingBytesQuietly() throws Exception {
    Path path = Files.createFile(dir.resolve("refused"));
    Executor refusing = task -> {
      throw new java.util.concurrent.RejectedExecutionException("disk pool shut down");
    };
    try (var file = StagingFile.open(path, true, refusing)) {
      assumeTrue(file.direct(), "needs a filesystem with O_DIRECT");
      assertThatThrownBy(() -> file.write(List.of(ByteBuffer.allocate(3 * 1024 * 1024))))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
