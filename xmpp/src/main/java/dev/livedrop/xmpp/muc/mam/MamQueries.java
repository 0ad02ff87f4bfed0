package dev.livedrop.xmpp.muc.mam;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.archive.ArchivePage;
import dev.livedrop.xmpp.muc.archive.ArchiveQuery;
import dev.livedrop.xmpp.muc.archive.ArchivedMessage;
import dev.livedrop.xmpp.muc.archive.RoomArchive;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.xml.Element;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Answers XEP-0313 queries to a room: the form's {@code start}/{@code end} and XEP-0059 paging
 * ({@code max}, {@code after}, {@code before}), each message as a {@code <result/>} with its
 * XEP-0297 forward and XEP-0203 delay, then the {@code <fin/>} IQ result. Only occupants may read
 * a room's archive (§5.1.2: as they could read the room). The archive is read off the caller's
 * thread; the answers go out from wherever it completes.
 */
public final class MamQueries {
  /** The most messages one page holds, and how many a query without {@code <max/>} gets. */
  public static final int MAX_PAGE = 250;
  static final int DEFAULT_PAGE = 100;
  private static final Set<String> FIELDS = Set.of("FORM_TYPE", "start", "end");

  private final Router router;
  private final Mam mam;

  public MamQueries(Router router, Mam mam) {
    this.router = router;
    this.mam = mam;
  }

  /** An IQ with a {@code urn:xmpp:mam:2} query to {@code room}; called under the room's lock. */
  public void handle(Room room, Element iq, Element query) {
    if (!query.name().equals("query")) throw new StanzaError(Condition.BAD_REQUEST, "Expected <query/>.");
    if ("get".equals(iq.attr("type"))) {
      router.deliverTo(iq.attr("from"), fields(room, iq)); // §4.1.5
      return;
    }
    if (!room.isOccupant(iq.attr("from"))) {
      throw new StanzaError(Condition.FORBIDDEN, "Only occupants may read the room's archive.");
    }
    String queryId = query.attr("queryid");
    ArchiveQuery q = parse(query);
    String requester = iq.attr("from");
    mam.archive().query(room.jid(), q).whenComplete((page, failure) -> {
      if (failure != null) {
        router.bounce(iq, error(failure));
        return;
      }
      for (ArchivedMessage m : page.messages()) router.deliverTo(requester, result(room, requester, queryId, m));
      router.deliverTo(requester, fin(room, iq, page));
    });
  }

  static ArchiveQuery parse(Element query) {
    Long start = null;
    Long end = null;
    Element x = query.child("x", Namespaces.DATA_FORMS).orElse(null);
    if (x != null) {
      DataForm form = DataForm.parse(x);
      String formType = form.value("FORM_TYPE");
      if (formType != null && !formType.equals(Namespaces.MAM)) {
        throw new StanzaError(Condition.BAD_REQUEST, "FORM_TYPE must be " + Namespaces.MAM + ".");
      }
      for (String var : form.vars()) {
        if (!FIELDS.contains(var)) throw new StanzaError(Condition.FEATURE_NOT_IMPLEMENTED, "This archive does not filter by '" + var + "'.");
      }
      start = time(form.value("start"), "start");
      end = time(form.value("end"), "end");
    }
    int max = DEFAULT_PAGE;
    String after = null;
    String before = null;
    Element set = query.child("set", Namespaces.RSM).orElse(null);
    if (set != null) {
      if (set.child("index", Namespaces.RSM).isPresent()) {
        throw new StanzaError(Condition.FEATURE_NOT_IMPLEMENTED, "Page by <after/> or <before/>, not by <index/>.");
      }
      String m = set.childText("max", Namespaces.RSM);
      if (m != null) {
        try {
          max = Integer.parseInt(m.trim());
        } catch (NumberFormatException e) {
          max = -1;
        }
        if (max < 0) throw new StanzaError(Condition.BAD_REQUEST, "<max/> is a number of messages.");
        max = Math.min(max, MAX_PAGE);
      }
      after = set.childText("after", Namespaces.RSM);
      before = set.child("before", Namespaces.RSM).map(b -> b.text().trim()).orElse(null); // empty: the last page
      if (after != null) after = after.trim();
    }
    return new ArchiveQuery(start, end, after, before, max);
  }

  private static Long time(String value, String field) {
    if (value == null || value.isBlank()) return null;
    try {
      return OffsetDateTime.parse(value.trim()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new StanzaError(Condition.BAD_REQUEST, "'" + field + "' is an XEP-0082 date-time.");
    }
  }

  private static Element fields(Room room, Element iq) {
    Element result = Stanzas.result(iq, room.jid());
    Element form = DataForm.form("form", Namespaces.MAM);
    DataForm.field(form, "start", "text-single", "Messages sent from");
    DataForm.field(form, "end", "text-single", "Messages sent until");
    result.addChild("query", Namespaces.MAM).add(form);
    return result;
  }

  private static Element result(Room room, String to, String queryId, ArchivedMessage m) {
    Element out = new Element("message", Namespaces.CLIENT).attr("from", room.jid()).attr("to", to)
        .attr("id", UUID.randomUUID().toString());
    Element result = out.addChild("result", Namespaces.MAM).attr("id", m.id());
    if (queryId != null) result.attr("queryid", queryId);
    Element forwarded = result.addChild("forwarded", Namespaces.FORWARD);
    forwarded.addChild("delay", Namespaces.DELAY).attr("stamp", Instant.ofEpochMilli(m.atMillis()).toString());
    Element kept = StreamParser.parseOne(m.xml(), Integer.MAX_VALUE);
    if (kept != null) forwarded.add(kept);
    return out;
  }

  private static Element fin(Room room, Element iq, ArchivePage page) {
    Element reply = Stanzas.result(iq, room.jid());
    Element fin = reply.addChild("fin", Namespaces.MAM).attr("complete", Boolean.toString(page.complete()));
    Element set = fin.addChild("set", Namespaces.RSM);
    if (!page.messages().isEmpty()) {
      set.addChild("first").attr("index", Integer.toString(page.firstIndex())).text(page.messages().getFirst().id());
      set.addChild("last").text(page.messages().getLast().id());
    }
    set.addChild("count").text(Integer.toString(page.count()));
    return reply;
  }

  private static StanzaError error(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof RoomArchive.UnknownId) return new StanzaError(Condition.ITEM_NOT_FOUND, cause.getMessage());
    if (cause instanceof RoomArchive.Busy) return new StanzaError(Condition.RESOURCE_CONSTRAINT, cause.getMessage());
    return new StanzaError(Condition.INTERNAL_SERVER_ERROR, "The archive could not be read.");
  }
}
