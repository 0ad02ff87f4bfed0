package dev.livedrop.xmpp.muc.archive;

import dev.livedrop.xmpp.stream.Outbound;

/**
 * One room's recent messages, newest last, as the bytes that went out (without a recipient), in
 * a ring of bytes that is reused: keeping a message allocates nothing once the ring has grown to
 * the room's traffic.
 *
 * <p>Why not an object per message: a kept message outlives young collections, which copy it and
 * track the old queue pointing at it; bytes in an array that is already old cost neither. See
 * docs/decisions/0022-write-path-and-memory-of-the-xmpp-server.md.
 *
 * <p>Each message may carry its archive id (a XEP-0359 stanza-id, a UUID) as two longs, so that
 * the in-memory archive finds a MAM {@code after}/{@code before} id without a String per message.
 *
 * <p>Not thread-safe: the room's lock guards it, as it guards the broadcast that adds to it.
 */
public final class HistoryLog {
  private static final int MIN_BYTES = 4096;

  private byte[] bytes = new byte[MIN_BYTES];
  private int usedBytes;
  // Per message, oldest at firstEntry, as parallel rings of primitives: where its bytes start,
  // how many, its characters, when it was sent.
  private int[] start = new int[8];
  private int[] length = new int[8];
  private int[] chars = new int[8];
  private long[] at = new long[8];
  private long[] idHigh = new long[8];
  private long[] idLow = new long[8];
  private int firstEntry;
  private int entries;

  public int size() {
    return entries;
  }

  int capacityBytes() {
    return bytes.length;
  }

  /** Keeps {@code message} (sent at {@code atEpochNanos}) and forgets the oldest beyond {@code limit}. */
  public void add(Outbound message, long atEpochNanos, int limit) {
    add(message, atEpochNanos, limit, 0, 0);
  }

  /** The same, with the message's archive id (a UUID's two halves). */
  public void add(Outbound message, long atEpochNanos, int limit, long idHigh, long idLow) {
    int head = message.unaddressedHeadLength();
    int tail = message.unaddressedTailLength();
    add(message.framedHead(), 0, head, message.tail(), message.tail().length - tail, tail, message.unaddressedChars(),
        atEpochNanos, limit, idHigh, idLow);
  }

  /** Keeps a message read back from a durable archive ({@code xml} as {@link #xml} returns it). */
  public void add(byte[] xml, int xmlChars, long atEpochNanos, int limit, long idHigh, long idLow) {
    add(xml, 0, xml.length, xml, xml.length, 0, xmlChars, atEpochNanos, limit, idHigh, idLow);
  }

  private void add(byte[] head, int headFrom, int headLen, byte[] tail, int tailFrom, int tailLen, int messageChars,
      long atEpochNanos, int limit, long high, long low) {
    if (limit <= 0) {
      clear();
      return;
    }
    int len = headLen + tailLen;
    while (entries >= limit) dropOldest();
    ensureEntrySlots(entries + 1);
    fitBytes(len);
    int at0 = (firstByte() + usedBytes) % bytes.length;
    put(head, headFrom, headLen, at0);
    put(tail, tailFrom, tailLen, (at0 + headLen) % bytes.length);
    usedBytes += len;
    int slot = slotFromOldest(entries);
    start[slot] = at0;
    length[slot] = len;
    chars[slot] = messageChars;
    at[slot] = atEpochNanos;
    idHigh[slot] = high;
    idLow[slot] = low;
    entries++;
  }

  /**
   * How many places before the newest the message with this id is, or -1. A linear scan: an
   * archive query is rare next to the broadcasts that fill the ring.
   */
  public int backOf(long high, long low) {
    for (int back = 0; back < entries; back++) {
      int slot = slot(back);
      if (idHigh[slot] == high && idLow[slot] == low) return back;
    }
    return -1;
  }

  /** The archive id of the message {@code back} places before the newest, as a UUID's halves. */
  public long idHigh(int back) {
    return idHigh[slot(back)];
  }

  public long idLow(int back) {
    return idLow[slot(back)];
  }

  // Read newest first (back = 0 is the newest), so that a newcomer asking for a few recent
  // messages, or none, costs a copy of those few and not of the whole history.

  /** When the message {@code back} places before the newest was broadcast. */
  public long atEpochNanos(int back) {
    return at[slot(back)];
  }

  /** Its length in characters, as sent (what maxchars counts). */
  public int chars(int back) {
    return chars[slot(back)];
  }

  /** A copy of its bytes (a newcomer's replay parses them). */
  public byte[] xml(int back) {
    int slot = slot(back);
    byte[] xml = new byte[length[slot]];
    get(start[slot], xml);
    return xml;
  }

  /** Where the oldest message starts. */
  private int firstByte() {
    return entries == 0 ? 0 : start[firstEntry];
  }

  private int slot(int back) {
    if (back < 0 || back >= entries) throw new IndexOutOfBoundsException(back + " of " + entries);
    return slotFromOldest(entries - 1 - back);
  }

  /** The ring slot of the message {@code i} places after the oldest. */
  private int slotFromOldest(int i) {
    return (firstEntry + i) % length.length;
  }

  public void clear() {
    usedBytes = firstEntry = entries = 0;
    if (bytes.length > MIN_BYTES) bytes = new byte[MIN_BYTES];
  }

  private void dropOldest() {
    int slot = firstEntry;
    usedBytes -= length[slot];
    firstEntry = (firstEntry + 1) % length.length;
    entries--;
    if (entries == 0) firstEntry = 0;
  }

  /**
   * Makes room for {@code len} more bytes (the caller has already dropped what the message limit
   * drops): grows the ring when the kept messages do not fit, and gives back a ring far larger
   * than what it holds (a burst of large messages should not pin memory for the room's life).
   */
  private void fitBytes(int len) {
    int needed = usedBytes + len;
    if (needed > bytes.length) {
      resize(Math.max(needed, bytes.length * 2));
    } else if (bytes.length > MIN_BYTES && needed < bytes.length / 8) {
      resize(Math.max(MIN_BYTES, needed * 2));
    }
  }

  private void resize(int capacity) {
    byte[] next = new byte[capacity];
    get(firstByte(), next, usedBytes);
    int offset = 0;
    for (int i = 0; i < entries; i++) {
      int slot = slotFromOldest(i);
      start[slot] = offset;
      offset += length[slot];
    }
    bytes = next;
  }

  private void ensureEntrySlots(int n) {
    if (n <= length.length) return;
    int capacity = Math.max(n, length.length * 2);
    int[] st = new int[capacity];
    int[] l = new int[capacity];
    int[] c = new int[capacity];
    long[] a = new long[capacity];
    long[] hi = new long[capacity];
    long[] lo = new long[capacity];
    for (int i = 0; i < entries; i++) {
      int slot = slotFromOldest(i);
      st[i] = start[slot];
      l[i] = length[slot];
      c[i] = chars[slot];
      a[i] = at[slot];
      hi[i] = idHigh[slot];
      lo[i] = idLow[slot];
    }
    start = st;
    length = l;
    chars = c;
    at = a;
    idHigh = hi;
    idLow = lo;
    firstEntry = 0;
  }

  private void put(byte[] src, int srcOffset, int len, int to) {
    int first = Math.min(len, bytes.length - to);
    System.arraycopy(src, srcOffset, bytes, to, first);
    System.arraycopy(src, srcOffset + first, bytes, 0, len - first);
  }

  private void get(int from, byte[] dst) {
    get(from, dst, dst.length);
  }

  private void get(int from, byte[] dst, int len) {
    int first = Math.min(len, bytes.length - from);
    System.arraycopy(bytes, from, dst, 0, first);
    System.arraycopy(bytes, 0, dst, first, len - first);
  }

  @Override
  public String toString() {
    return "HistoryLog[" + entries + " messages, " + usedBytes + " of " + bytes.length + " bytes]";
  }
}
