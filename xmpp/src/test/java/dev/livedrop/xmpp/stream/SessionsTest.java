package dev.livedrop.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The idle round looks at every session once, and at a slot's share of them per tick. */
class SessionsTest {
  @Test
  void everySessionIsDueOncePerRoundAndTheRoundIsSpreadEvenly() {
    int slots = 22; // the default: pings after 90 s, a round of 22.5 s
    int[] sessionSlots = new Random(5).ints(5_000, 0, Integer.MAX_VALUE).toArray();
    int[] duePerTick = new int[slots];
    for (long tick = 1_000; tick < 1_000 + slots; tick++) {
      for (int s : sessionSlots) if (Sessions.due(s, tick, slots)) duePerTick[(int) (tick % slots)]++;
    }
    int total = 0;
    for (int n : duePerTick) {
      total += n;
      // 5,000 sessions that opened together: about 227 a tick, not 5,000 in one.
      assertThat(n).isBetween(150, 320);
    }
    assertThat(total).isEqualTo(5_000);
    for (int s : sessionSlots) {
      int times = 0;
      for (long tick = 0; tick < slots; tick++) if (Sessions.due(s, tick, slots)) times++;
      assertThat(times).isOne();
    }
  }

  @Test
  void aRoundOfOneSlotLooksAtEveryoneEveryTick() {
    assertThat(Sessions.due(12345, 0, 1)).isTrue();
    assertThat(Sessions.due(12345, 7, 1)).isTrue();
  }
}
