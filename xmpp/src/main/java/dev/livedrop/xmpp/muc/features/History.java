package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.xml.Element;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * §7.2.14-15: recent messages to a newcomer, with XEP-0203 delays, as many as the room keeps and
 * the newcomer asks for ({@code maxchars}, {@code maxstanzas}, {@code seconds}, {@code since}).
 */
public final class History implements RoomFeature {
  static final String FIELD = "muc#maxhistoryfetch";
  /**
   * A message kept as its serialized bytes, not as an element tree: a room's history lives for
   * minutes, and a tree is dozens of small objects per message where this is two. Parsed again
   * only for a newcomer. (It did not shorten many-rooms' young collections: docs/benchmarks.md.)
   */
  private record Entry(byte[] xml, long atEpochNanos, int chars) {}

  private final Map<Room, Deque<Entry>> logs = new ConcurrentHashMap<>();

  @Override
  public void broadcasted(Room room, Element message) {
    if (message.child("body", Namespaces.CLIENT).isEmpty()) return; // chat states and the like are not history
    Deque<Entry> log = logs.computeIfAbsent(room, r -> new ArrayDeque<>());
    // Only the top level changes, and it is serialized at once: the children can be shared.
    Element stored = message.shallowCopy();
    stored.attr("to", null);
    Instant now = Instant.now();
    stored.addChild("delay", Namespaces.DELAY).attr("from", room.jid()).attr("stamp", now.toString());
    String xml = stored.toString();
    long atEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    log.addLast(new Entry(xml.getBytes(StandardCharsets.UTF_8), atEpochNanos, xml.length()));
    while (log.size() > Math.max(0, room.config().historyLength)) log.removeFirst();
  }

  @Override
  public void joined(Room room, Occupant occupant, Element joinPresence) {
    Deque<Entry> log = logs.get(room);
    if (log == null || log.isEmpty()) return;
    Element wanted = joinPresence.child("x", Namespaces.MUC).flatMap(x -> x.child("history", Namespaces.MUC)).orElse(null);
    int maxStanzas = intAttr(wanted, "maxstanzas", Integer.MAX_VALUE);
    int maxChars = intAttr(wanted, "maxchars", Integer.MAX_VALUE);
    int seconds = intAttr(wanted, "seconds", -1);
    Instant since = null;
    if (wanted != null && wanted.attr("since") != null) {
      try {
        since = Instant.parse(wanted.attr("since"));
      } catch (DateTimeParseException e) {
        throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "'since' is an XEP-0082 date-time.");
      }
    }
    Instant cutoff = seconds >= 0 ? Instant.now().minusSeconds(seconds) : null;
    // Walk back from the newest, then send oldest first.
    List<Entry> chosen = new ArrayList<>();
    int chars = 0;
    for (var it = log.descendingIterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (chosen.size() >= maxStanzas) break;
      Instant at = Instant.ofEpochSecond(0, e.atEpochNanos());
      if (cutoff != null && at.isBefore(cutoff)) break;
      if (since != null && !at.isAfter(since)) break;
      if (chars + e.chars() > maxChars) break;
      chars += e.chars();
      chosen.add(e);
    }
    for (int i = chosen.size() - 1; i >= 0; i--) {
      Element message = StreamParser.parseOne(chosen.get(i).xml(), Integer.MAX_VALUE);
      if (message != null) room.sendTo(occupant, message);
    }
  }

  public void forget(Room room) {
    logs.remove(room);
  }

  @Override
  public void configForm(Room room, Element form) {
    DataForm.field(form, FIELD, "text-single", "Messages of history kept", String.valueOf(room.config().historyLength));
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    String v = f.value(FIELD);
    if (v == null) return;
    try {
      room.config().historyLength = Math.max(0, Math.min(1000, Integer.parseInt(v.trim())));
    } catch (NumberFormatException e) {
      throw new StanzaError(StanzaError.Condition.NOT_ACCEPTABLE, FIELD + " is a number.");
    }
  }

  private static int intAttr(Element e, String name, int fallback) {
    if (e == null || e.attr(name) == null) return fallback;
    try {
      return Math.max(0, Integer.parseInt(e.attr(name)));
    } catch (NumberFormatException ex) {
      return fallback;
    }
  }
}
