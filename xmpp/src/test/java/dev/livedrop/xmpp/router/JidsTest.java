package dev.livedrop.xmpp.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JIDs come back normalized, the same whether parsed for the first time or found again. */
class JidsTest {
  @Test
  void partsAreNormalizedWithBareAndFullForms() {
    Jids.Parsed p = Jids.parse("Juliet@Example.COM/Balcony");
    assertThat(p.localpart()).isEqualTo("juliet");
    assertThat(p.domain()).isEqualTo("example.com");
    assertThat(p.resource()).isEqualTo("Balcony");
    assertThat(p.bare()).isEqualTo("juliet@example.com");
    assertThat(p.full()).isEqualTo("juliet@example.com/Balcony");
    Jids.Parsed domainOnly = Jids.parse("muc.example.com");
    assertThat(domainOnly.localpart()).isNull();
    assertThat(domainOnly.bare()).isEqualTo("muc.example.com");
    assertThat(domainOnly.full()).isEqualTo("muc.example.com");
  }

  @Test
  void aJidSeenAgainIsNotParsedAgainButAnInvalidOneIsNeverValid() {
    assertThat(Jids.parse("room@muc.example.com")).isSameAs(Jids.parse("room@muc.example.com"));
    for (int i = 0; i < 2; i++) {
      assertThat(Jids.parse("juliet@")).isNull();
      assertThat(Jids.parse("@example.com")).isNull();
      assertThat(Jids.parse("")).isNull();
      assertThat(Jids.parse(null)).isNull();
    }
  }

  @Test
  void longJidsAreParsedButNotKeptAndTheCacheStaysBounded() {
    String longResource = "a@example.com/" + "r".repeat(400);
    assertThat(Jids.parse(longResource).resource()).hasSize(400);
    assertThat(Jids.parse(longResource)).isNotSameAs(Jids.parse(longResource));
    for (int i = 0; i < 10_000; i++) {
      assertThat(Jids.parse("User" + i + "@Example.com").bare()).isEqualTo("user" + i + "@example.com");
    }
    assertThat(Jids.parse("User9999@Example.com")).isSameAs(Jids.parse("User9999@Example.com"));
  }

  @Test
  void aJidInUseStaysCachedWhileTensOfThousandsOfOthersPass() {
    Jids.Parsed room = Jids.parse("busy@rooms.example.com");
    Jids.Parsed once = Jids.parse("once@example.com/r");
    for (int i = 0; i < 50_000; i++) {
      Jids.parse("visitor" + i + "@example.com/r");
      if (i % 1_000 == 0) assertThat(Jids.parse("busy@rooms.example.com")).isSameAs(room);
    }
    assertThat(Jids.parse("busy@rooms.example.com")).isSameAs(room);
    // One seen once long ago is parsed again, equal but new: the cache did not keep everything.
    assertThat(Jids.parse("once@example.com/r")).isNotSameAs(once).hasToString("once@example.com/r");
  }
}
