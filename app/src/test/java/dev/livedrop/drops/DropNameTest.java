package dev.livedrop.drops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DropNameTest {
  @Test
  void threeToSixtyFourOfLowercaseDigitsAndHyphen() {
    assertThat(DropName.validate("abc")).isEqualTo("abc");
    assertThat(DropName.validate("a".repeat(64))).hasSize(64);
    assertThat(DropName.validate("team-2026-photos")).isEqualTo("team-2026-photos");
    for (String bad : new String[] {"ab", "a".repeat(65), "Abc", "a_b", "a b", "-ab", "ab-", "äbc", "a.b", "a@b", ""}) {
      assertThatThrownBy(() -> DropName.validate(bad)).as(bad)
          .isInstanceOfSatisfying(DropException.class, e -> assertThat(e.reason()).isEqualTo(DropException.Reason.NAME_INVALID));
    }
  }

  @Test
  void reservedWordsAreRefused() {
    assertThatThrownBy(() -> DropName.validate("api"))
        .isInstanceOfSatisfying(DropException.class, e -> assertThat(e.reason()).isEqualTo(DropException.Reason.NAME_RESERVED));
  }

  @Test
  void everyValidNameIsAValidJidLocalpartUnchanged() throws Exception {
    for (String name : new String[] {"abc", "team-photos", "0-0", "a".repeat(64)}) {
      var jid = JidCreate.entityBareFrom(name + "@rooms.example.org");
      assertThat(jid.getLocalpart().toString()).isEqualTo(name);
    }
  }

  @RepeatedTest(20)
  void generatedNamesAreValid() {
    assertThat(DropName.validate(DropName.generate())).matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
  }
}
