package dev.livedrop.api.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A lane runs its tasks one at a time and in order, on however many pool threads. */
class SerialLaneTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void tasksRunInTheOrderGivenAndNeverTwoAtOnce() throws Exception {
    var lane = new SerialLane(pool);
    int tasks = 1000; // many turns' worth: the lane hands itself back to the pool between turns
    List<Integer> order = new CopyOnWriteArrayList<>();
    var running = new AtomicInteger();
    var overlaps = new AtomicInteger();
    var done = new CountDownLatch(tasks);
    for (int i = 0; i < tasks; i++) {
      int n = i;
      lane.execute(() -> {
        if (running.incrementAndGet() > 1) overlaps.incrementAndGet();
        order.add(n);
        Thread.onSpinWait();
        running.decrementAndGet();
        done.countDown();
      });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(overlaps).hasValue(0);
    assertThat(order).hasSize(tasks).isSorted();
  }

  @Test
  void aTaskThatThrowsDoesNotStopTheTasksAfterIt() throws Exception {
    var lane = new SerialLane(pool);
    var ran = new CountDownLatch(1);
    lane.execute(() -> {
      throw new IllegalStateException("this task fails");
    });
    lane.execute(() -> {
      throw new AssertionError("so does this one, with an Error");
    });
    lane.execute(ran::countDown);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void twoLanesOnOnePoolRunSideBySide() throws Exception {
    var first = new SerialLane(pool);
    var second = new SerialLane(pool);
    var bothInside = new CountDownLatch(2);
    var release = new CountDownLatch(1);
    Runnable meet = () -> {
      bothInside.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    first.execute(meet);
    second.execute(meet);
    // Only if the two lanes' tasks run at the same time can both be inside at once.
    assertThat(bothInside.await(10, TimeUnit.SECONDS)).isTrue();
    release.countDown();
  }
}
