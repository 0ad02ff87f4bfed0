package dev.livedrop.xmpp.muc.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.xml.Element;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A room's kept messages come back as sent (without a recipient), newest kept, oldest dropped. */
class HistoryLogTest {
  private static Element message(String body) {
    Element m = new Element("message", Namespaces.CLIENT).attr("type", "groupchat").attr("from", "room@muc.x/ann").attr("id", "i1");
    m.addChild("body").text(body);
    return m;
  }

  private static String unaddressed(String body) {
    return "<message xmlns='jabber:client' type='groupchat' from='room@muc.x/ann' id='i1'><body>" + body + "</body></message>";
  }

  /** The kept messages, oldest first. */
  private static List<String> texts(HistoryLog log) {
    var out = new ArrayList<String>();
    for (int back = log.size() - 1; back >= 0; back--) out.add(new String(log.xml(back), StandardCharsets.UTF_8));
    return out;
  }

  private static List<Long> times(HistoryLog log) {
    var out = new ArrayList<Long>();
    for (int back = log.size() - 1; back >= 0; back--) out.add(log.atEpochNanos(back));
    return out;
  }

  @Test
  void keepsTheStanzaAsSentWithoutItsRecipientAndCountsCharacters() {
    var log = new HistoryLog();
    log.add(new Outbound(message("café & <tea> ✓")), 42L, 20);
    String expected = unaddressed("café &amp; &lt;tea&gt; ✓");
    assertThat(new String(log.xml(0), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(log.chars(0)).isEqualTo(expected.length());
    assertThat(log.atEpochNanos(0)).isEqualTo(42L);
  }

  @Test
  void aStanzaWithNoChildrenKeepsItsShortForm() {
    var log = new HistoryLog();
    log.add(new Outbound(new Element("message", Namespaces.CLIENT).attr("id", "e")), 1L, 5);
    assertThat(texts(log)).containsExactly("<message xmlns='jabber:client' id='e'/>");
  }

  @Test
  void keepsTheNewestUpToTheLimitOldestFirst() {
    var log = new HistoryLog();
    for (int i = 1; i <= 7; i++) log.add(new Outbound(message("m" + i)), i, 3);
    assertThat(texts(log)).containsExactly(unaddressed("m5"), unaddressed("m6"), unaddressed("m7"));
    assertThat(times(log)).containsExactly(5L, 6L, 7L);
    assertThat(new String(log.xml(0), StandardCharsets.UTF_8)).isEqualTo(unaddressed("m7"));
    assertThatThrownBy(() -> log.xml(3)).isInstanceOf(IndexOutOfBoundsException.class);
    // A lower limit (the owner reconfigured the room) applies from the next message.
    log.add(new Outbound(message("m8")), 8, 1);
    assertThat(texts(log)).containsExactly(unaddressed("m8"));
    log.add(new Outbound(message("m9")), 9, 0);
    assertThat(log.size()).isZero();
  }

  @Test
  void wrapsAroundTheRingAndGrowsForWhatItMustHoldThenGivesItBack() {
    var log = new HistoryLog();
    var model = new ArrayList<String>();
    var random = new Random(7);
    int limit = 25;
    for (int i = 0; i < 5_000; i++) {
      // Mostly small messages, now and then one a hundred times larger, so the ring both wraps
      // and has to grow in the middle of its contents.
      String body = ("n" + i + "-").repeat(random.nextInt(i % 500 == 0 ? 3_000 : 30) + 1);
      log.add(new Outbound(message(body)), i, limit);
      model.add(unaddressed(body));
      if (model.size() > limit) model.removeFirst();
      if (i % 97 == 0) assertThat(texts(log)).isEqualTo(model);
    }
    assertThat(texts(log)).isEqualTo(model);
    int kept = model.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
    // After the last large message left, the ring is near what it holds, not its peak.
    assertThat(log.capacityBytes()).isLessThanOrEqualTo(Math.max(4096, 8 * kept));
  }

  @Test
  void clearsToNothing() {
    var log = new HistoryLog();
    for (int i = 0; i < 10; i++) log.add(new Outbound(message("x".repeat(10_000))), i, 10);
    log.clear();
    assertThat(log.size()).isZero();
    assertThatThrownBy(() -> log.atEpochNanos(0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(log.capacityBytes()).isEqualTo(4096);
    log.add(new Outbound(message("after")), 1, 10);
    assertThat(texts(log)).containsExactly(unaddressed("after"));
  }

  @Test
  void findsAMessageByItsIdThroughWrapsAndGrowthAndForgetsDroppedOnes() {
    var log = new HistoryLog();
    for (long i = 1; i <= 40; i++) log.add(new Outbound(message("m" + i)), i, 25, i, -i);
    // 25 kept: m16..m40; the newest is 0 back.
    assertThat(log.backOf(40, -40)).isZero();
    assertThat(log.backOf(16, -16)).isEqualTo(24);
    assertThat(log.backOf(15, -15)).isEqualTo(-1);
    assertThat(log.idHigh(3)).isEqualTo(37);
    assertThat(log.idLow(3)).isEqualTo(-37);
    byte[] kept = log.xml(0);
    log.add(kept, new String(kept, StandardCharsets.UTF_8).length(), 41, 25, 41, -41);
    assertThat(texts(log).getLast()).isEqualTo(unaddressed("m40"));
    assertThat(log.backOf(41, -41)).isZero();
  }
}
