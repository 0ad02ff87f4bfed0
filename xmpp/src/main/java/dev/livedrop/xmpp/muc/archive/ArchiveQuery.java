package dev.livedrop.xmpp.muc.archive;

/**
 * What a MAM query asks for (XEP-0313 §4.1 with XEP-0059 paging): messages sent in
 * [{@code startMillis}, {@code endMillis}] (null: unbounded), after or before an id, at most
 * {@code max}. {@code before} is "" for the last page (an empty {@code <before/>}).
 */
public record ArchiveQuery(Long startMillis, Long endMillis, String after, String before, int max) {
  /** Pages backwards from {@code before} (or from the newest), rather than forwards. */
  public boolean backwards() {
    return before != null;
  }

  boolean inRange(long atMillis) {
    return (startMillis == null || atMillis >= startMillis) && (endMillis == null || atMillis <= endMillis);
  }
}
