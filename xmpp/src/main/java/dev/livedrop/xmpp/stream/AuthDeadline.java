package dev.livedrop.xmpp.stream;

import io.vertx.core.Context;

/**
 * The time a new stream has to authenticate and bind. A stream that never logs in must not hold
 * its connection until the idle timeout (minutes): thousands of those from one host used up the
 * process's open files and every new client hung (issue 17).
 */
final class AuthDeadline {
  private final Context context;
  private long timer = -1;

  /** Runs {@code expired} on {@code context} after {@code millis}, unless met first; zero: never. */
  AuthDeadline(Context context, long millis, Runnable expired) {
    this.context = context;
    if (millis > 0) timer = context.owner().setTimer(millis, t -> context.runOnContext(v -> expired.run()));
  }

  /** The stream is bound, or gone. */
  void met() {
    if (timer < 0) return;
    context.owner().cancelTimer(timer);
    timer = -1;
  }
}
