package dev.livedrop.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Lowers the CPU priority (raises the nice value) of some of this process's threads.
 *
 * <p>Used for HotSpot's JIT compiler threads, at nice 10 by default ({@code LIVEDROP_JIT_NICE}):
 * at the event loops' priority a late compilation holds the core through its time slice while a
 * woken loop waits, and under SCHED_IDLE a saturated server never compiles its hot paths; nice 10
 * leaves them about a tenth of a busy core. See
 * docs/decisions/0021-threads-and-scheduling-under-load.md.
 *
 * <p>A thread may always lower its own process's priority, so this needs no privilege; it is applied
 * with util-linux's {@code renice} (on Linux a thread id names just that thread), and where that or
 * Linux is missing nothing changes.
 */
public final class ThreadNice {
  /** HotSpot's compiler threads, as the kernel names them (a thread's name is cut at 15 bytes). */
  public static final Predicate<String> JIT_COMPILERS =
      name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");

  private static final Path OWN_THREADS = Path.of("/proc/self/task");

  private ThreadNice() {}

  /** Sets this process's threads whose kernel name matches to {@code nice}; returns how many were set. */
  public static int lower(Predicate<String> which, int nice) {
    return lower(OWN_THREADS, which, tid -> renice(tid, nice));
  }

  static int lower(Path threads, Predicate<String> which, LongPredicate setNice) {
    int lowered = 0;
    for (long tid : matching(threads, which)) {
      if (setNice.test(tid)) lowered++;
    }
    return lowered;
  }

  /** The ids of the threads under {@code threads} (a /proc task folder) whose name matches. */
  static List<Long> matching(Path threads, Predicate<String> which) {
    var ids = new ArrayList<Long>();
    if (!Files.isDirectory(threads)) return ids;
    try (Stream<Path> tasks = Files.list(threads)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name = readName(task);
        if (name != null && which.test(name)) ids.add(Long.parseLong(task.getFileName().toString()));
      }
    } catch (IOException e) {
      return ids;
    }
    return ids;
  }

  private static String readName(Path task) {
    try {
      return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null; // the thread ended while we looked
    }
  }

  private static boolean renice(long tid, int nice) {
    try {
      Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", Long.toString(tid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no renice here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
