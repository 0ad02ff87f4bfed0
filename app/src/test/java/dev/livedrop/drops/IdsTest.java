package dev.livedrop.drops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void idsMadeInOrderSortInOrderEvenWithinOneMillisecond() {
    Instant now = Instant.now();
    var ids = new ArrayList<String>();
    for (int i = 0; i < 1000; i++) ids.add(Ids.next(now));
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids).allMatch(Ids::plausible);
  }

  @Test
  void laterMillisecondsSortAfter() {
    String a = Ids.next(Instant.ofEpochMilli(2_000_000_000_000L));
    String b = Ids.next(Instant.ofEpochMilli(2_000_000_000_001L));
    assertThat(a).isLessThan(b);
  }
}
