package dev.livedrop.xmpp.transport.admission;

/** Open files kept free below the process's limit: a count ({@code 300}) or a share of it ({@code 5%}). */
public record FdReserve(long amount, boolean isPercent) {
  public static final FdReserve NONE = new FdReserve(0, false);

  public static FdReserve percent(long percent) {
    return new FdReserve(percent, true);
  }

  public static FdReserve count(long count) {
    return new FdReserve(count, false);
  }

  /** {@code 300} or {@code 5%}; anything else is an IllegalArgumentException. */
  public static FdReserve parse(String text) {
    String s = text.strip();
    boolean percent = s.endsWith("%");
    long n = Long.parseLong(percent ? s.substring(0, s.length() - 1).strip() : s);
    if (n < 0 || (percent && n >= 100)) throw new IllegalArgumentException(text);
    return new FdReserve(n, percent);
  }

  /** The number of files kept free under {@code limit}. */
  public long of(long limit) {
    return isPercent ? limit * amount / 100 : amount;
  }

  public boolean off() {
    return amount == 0;
  }

  @Override
  public String toString() {
    return amount + (isPercent ? "%" : "");
  }
}
