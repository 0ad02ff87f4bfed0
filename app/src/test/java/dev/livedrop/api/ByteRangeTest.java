package dev.livedrop.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9110 §14.1.2 byte ranges. */
class ByteRangeTest {
  @Test
  void firstAndLastPositions() {
    assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange.Request.Partial(new ByteRange(0, 99)));
  }

  @Test
  void lastPositionPastTheEndIsClamped() {
    assertThat(ByteRange.parse("bytes=900-5000", 1000)).isEqualTo(new ByteRange.Request.Partial(new ByteRange(900, 999)));
  }

  @Test
  void openEnded() {
    assertThat(ByteRange.parse("bytes=990-", 1000)).isEqualTo(new ByteRange.Request.Partial(new ByteRange(990, 999)));
  }

  @Test
  void suffix() {
    assertThat(ByteRange.parse("bytes=-10", 1000)).isEqualTo(new ByteRange.Request.Partial(new ByteRange(990, 999)));
    assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange.Request.Partial(new ByteRange(0, 999)));
  }

  @Test
  void startPastTheEndIsUnsatisfiable() {
    assertThat(ByteRange.parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Request.Unsatisfiable.class);
    assertThat(ByteRange.parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Request.Unsatisfiable.class);
  }

  @Test
  void invalidOrMultipleRangesAreIgnored() {
    for (String h : new String[] {"bytes=5-1", "items=0-1", "bytes=0-1,5-6", "bytes=x-y", "bytes=-", null}) {
      assertThat(ByteRange.parse(h, 1000)).as(String.valueOf(h)).isInstanceOf(ByteRange.Request.Whole.class);
    }
  }
}
