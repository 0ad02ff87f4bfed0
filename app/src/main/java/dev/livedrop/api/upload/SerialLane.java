package dev.livedrop.api.upload;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in the order given, on a shared pool; a worker that finishes a task
 * takes the next one itself. Chaining each task to the previous one's completion instead would
 * pass every hand-over through the event loop, which is busy reading the socket: the lane would
 * stand idle between tasks, for a large share of an upload (see
 * docs/decisions/0023-upload-staging-with-direct-io.md).
 *
 * <p>A worker runs at most {@link #TASKS_PER_TURN} tasks in a row before handing the rest back to
 * the pool, so a long upload does not hold one worker for minutes (Vert.x would report it as
 * blocked) nor starve other work queued behind it.
 */
final class SerialLane implements Executor {
  private static final int TASKS_PER_TURN = 64;
  private final Executor pool;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean scheduled;

  SerialLane(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (scheduled) return;
      scheduled = true;
    }
    pool.execute(this::runTurn);
  }

  private void runTurn() {
    for (int i = 0; i < TASKS_PER_TURN; i++) {
      Runnable task;
      synchronized (this) {
        task = queue.poll();
        if (task == null) {
          scheduled = false;
          return;
        }
      }
      // A task reports its own failures; one that throws, even an Error, must not stop the lane:
      // the tasks queued behind it would never run, and whoever waits for them never wake.
      try {
        task.run();
      } catch (Throwable e) {
        Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
      }
    }
    pool.execute(this::runTurn);
  }
}
