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

class IdlePriorityTest {
  /** SCHED_IDLE's number in the kernel's uapi/linux/sched.h. */
  private static final int SCHED_IDLE = 5;

  @Test
  void compilerThreadsAreFoundByTheirKernelName(@TempDir Path proc) throws Exception {
    task(proc, 101, "C2 CompilerThre");
    task(proc, 102, "vert.x-eventloo");
    task(proc, 103, "C1 CompilerThre");
    task(proc, 104, "GC Thread#0");

    assertThat(IdlePriority.matching(proc, IdlePriority.JIT_COMPILERS)).containsExactlyInAnyOrder(101L, 103L);
    List<Long> demoted = new ArrayList<>();
    assertThat(IdlePriority.demote(proc, IdlePriority.JIT_COMPILERS, tid -> demoted.add(tid))).isEqualTo(2);
    assertThat(demoted).containsExactlyInAnyOrder(101L, 103L);
  }

  @Test
  void aMissingProcFolderDemotesNothing(@TempDir Path dir) {
    assertThat(IdlePriority.demote(dir.resolve("absent"), name -> true, tid -> true)).isZero();
  }

  @Test
  void aThreadOfThisProcessRunsUnderSchedIdleAfterwards() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    var parked = new CountDownLatch(1);
    Thread probe = Thread.ofPlatform().name("idle-probe").start(() -> {
      try {
        parked.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      List<Long> ids = IdlePriority.matching(Path.of("/proc/self/task"), "idle-probe"::equals);
      assertThat(ids).hasSize(1);
      assumeTrue(policy(ids.get(0)) != SCHED_IDLE);

      assertThat(IdlePriority.demote("idle-probe"::equals)).as("chrt ran").isEqualTo(1);

      assertThat(policy(ids.get(0))).isEqualTo(SCHED_IDLE);
      assertThat(policy(ProcessHandle.current().pid())).as("the rest of the process").isNotEqualTo(SCHED_IDLE);
    } finally {
      parked.countDown();
      probe.join();
    }
  }

  private static void task(Path proc, long tid, String name) throws Exception {
    Files.createDirectories(proc.resolve(Long.toString(tid)));
    Files.writeString(proc.resolve(tid + "/comm"), name + "\n");
  }

  /** Field 41 of /proc/self/task/TID/stat (proc(5)); the fields after the name start at 3. */
  private static int policy(long tid) throws Exception {
    String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(after[41 - 3]);
  }
}
