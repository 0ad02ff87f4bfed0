package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.muc.archive.ArchivedMessage;
import dev.livedrop.xmpp.muc.archive.HistoryLog;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.xml.Element;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * §7.2.14-15: recent messages to a newcomer, with XEP-0203 delays, as many as the room keeps and
 * the newcomer asks for ({@code maxchars}, {@code maxstanzas}, {@code seconds}, {@code since}).
 * The ring holds the newest messages of the room's archive: it is filled from the archive when
 * the room opens ({@link #seed}), so a durable archive's history outlives a restart, and a join
 * never waits for storage.
 */
public final class History implements RoomFeature {
  static final String FIELD = "muc#maxhistoryfetch";
  private final Map<Room, HistoryLog> logs = new ConcurrentHashMap<>();

  @Override
  public void broadcasted(Room room, Element message, Outbound sent) {
    if (message.child("body", Namespaces.CLIENT).isEmpty()) return; // chat states and the like are not history
    HistoryLog log = logs.computeIfAbsent(room, r -> new HistoryLog());
    // Milliseconds, as the archive keeps them: a stamp reads the same before and after a restart.
    log.add(sent, System.currentTimeMillis() * 1_000_000L, room.config().historyLength);
  }

  /** A room that opens with messages from its archive (oldest first) offers them as history. */
  @Override
  public void restored(Room room, List<ArchivedMessage> archived) {
    if (archived.isEmpty()) return;
    HistoryLog log = logs.computeIfAbsent(room, r -> new HistoryLog());
    for (ArchivedMessage m : archived) {
      int chars = new String(m.xml(), StandardCharsets.UTF_8).length();
      log.add(m.xml(), chars, m.atMillis() * 1_000_000L, room.config().historyLength, 0, 0);
    }
  }

  @Override
  public void joined(Room room, Occupant occupant, Element joinPresence) {
    HistoryLog log = logs.get(room);
    if (log == null || log.size() == 0) return;
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
    // Walk back from the newest, then send oldest first. A message counts toward maxchars with
    // the XEP-0203 delay it is sent with.
    List<Element> chosen = new ArrayList<>();
    long chars = 0;
    for (int back = 0; back < log.size() && chosen.size() < maxStanzas; back++) {
      Instant at = Instant.ofEpochSecond(0, log.atEpochNanos(back));
      if (cutoff != null && at.isBefore(cutoff)) break;
      if (since != null && !at.isAfter(since)) break;
      Element delay = new Element("delay", Namespaces.DELAY).attr("from", room.jid()).attr("stamp", at.toString());
      chars += log.chars(back) + delay.toString().length();
      if (chars > maxChars) break;
      Element message = StreamParser.parseOne(log.xml(back), Integer.MAX_VALUE);
      if (message == null) continue;
      message.add(delay);
      chosen.add(message);
    }
    for (int i = chosen.size() - 1; i >= 0; i--) room.sendTo(occupant, chosen.get(i));
  }

  @Override
  public void discarded(Room room) {
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
