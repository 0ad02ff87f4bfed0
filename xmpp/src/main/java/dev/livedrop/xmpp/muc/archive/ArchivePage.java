package dev.livedrop.xmpp.muc.archive;

import java.util.List;

/**
 * One page of a query's messages, oldest first; {@code complete} when it reaches the end of the
 * range in the direction of paging (XEP-0313 §4.3), {@code count} the messages in the whole range
 * (XEP-0059 §2.6), {@code firstIndex} the first one's position in it.
 */
public record ArchivePage(List<ArchivedMessage> messages, boolean complete, int count, int firstIndex) {}
