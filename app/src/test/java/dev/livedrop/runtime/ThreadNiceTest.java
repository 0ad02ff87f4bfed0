package dev.livedrop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadNiceTest {
  @Test
  void compilerThreadsAreFoundByTheirKernelName(@TempDir Path proc) throws Exception {
    task(proc, 101, "C2 CompilerThre");
    task(proc, 102, "vert.x-eventloo");
    task(proc, 103, "C1 CompilerThre");
    task(proc, 104, "GC Thread#0");

    assertThat(ThreadNice.matching(proc, ThreadNice.JIT_COMPILERS)).containsExactlyInAnyOrder(101L, 103L);
    List<Long> lowered = new ArrayList<>();
    assertThat(ThreadNice.lower(proc, ThreadNice.JIT_COMPILERS, tid -> lowered.add(tid))).isEqualTo(2);
    assertThat(lowered).containsExactlyInAnyOrder(101L, 103L);
  }

  @Test
  void aMissingProcFolderLowersNothing(@TempDir Path dir) {
    assertThat(ThreadNice.lower(dir.resolve("absent"), name -> true, tid -> true)).isZero();
  }

  @Test
  void aThreadOfThisProcessRunsAtTheNewNiceAndTheRestDoNot() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    var parked = new CountDownLatch(1);
    Thread probe = Thread.ofPlatform().name("nice-probe").start(() -> {
      try {
        parked.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      List<Long> ids = ThreadNice.matching(Path.of("/proc/self/task"), "nice-probe"::equals);
      assertThat(ids).hasSize(1);
      int before = nice(ProcessHandle.current().pid());
      assumeTrue(before < 10, "this test JVM already runs at nice 10 or more");

      assertThat(ThreadNice.lower("nice-probe"::equals, 10)).as("renice ran").isEqualTo(1);

      assertThat(nice(ids.get(0))).isEqualTo(10);
      assertThat(nice(ProcessHandle.current().pid())).as("the rest of the process").isEqualTo(before);
    } finally {
      parked.countDown();
      probe.join();
    }
  }

  private static void task(Path proc, long tid, String name) throws Exception {
    Files.createDirectories(proc.resolve(Long.toString(tid)));
    Files.writeString(proc.resolve(tid + "/comm"), name + "\n");
  }

  /** Field 19 of /proc/self/task/TID/stat (proc(5)); the fields after the name start at 3. */
  private static int nice(long tid) throws Exception {
    String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(after[19 - 3]);
  }
}
