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
 * Puts some of this process's threads under Linux's SCHED_IDLE policy: they run only when their
 * CPU would otherwise idle, and any ordinary thread that wakes takes the CPU from them at once.
 *
 * <p>Used for HotSpot's JIT compiler threads. Under light traffic the JIT keeps compiling for a
 * minute or more (2–4 C2 compilations a second, 20–50 s into a run of 1,000 deliveries/s); on a
 * busy core the scheduler lets each compilation finish its time slice, 1–6 ms, before an event
 * loop woken by a message may run, and that wait was most of the slowest 1 % of many small rooms'
 * deliveries (docs/benchmarks.md). A thread may always lower its own process's priority, so this
 * needs no privilege; it is applied with util-linux's {@code chrt}, and where that or Linux is
 * missing nothing changes.
 */
public final class IdlePriority {
  /** HotSpot's compiler threads, as the kernel names them (a thread's name is cut at 15 bytes). */
  public static final Predicate<String> JIT_COMPILERS =
      name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");

  private static final Path OWN_THREADS = Path.of("/proc/self/task");

  private IdlePriority() {}

  /** Demotes this process's threads whose kernel name matches; returns how many were demoted. */
  public static int demote(Predicate<String> which) {
    return demote(OWN_THREADS, which, IdlePriority::chrtIdle);
  }

  static int demote(Path threads, Predicate<String> which, LongPredicate setIdle) {
    int demoted = 0;
    for (long tid : matching(threads, which)) {
      if (setIdle.test(tid)) demoted++;
    }
    return demoted;
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

  private static boolean chrtIdle(long tid) {
    try {
      Process p = new ProcessBuilder("chrt", "--idle", "--pid", "0", Long.toString(tid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no chrt here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
