package dev.livedrop.media;

import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;

/**
 * What a file is, judged from its first bytes (Apache Tika's magic, the name only as a tie-break),
 * never from what the client claimed; and how such a file may be served.
 */
public final class MediaTypes {
  /** How much of a file's head is kept for detection; Tika's own magic needs no more. */
  public static final int SNIFF_BYTES = 64 * 1024;

  /** Types a browser would run script in, if served inline from our origin. */
  private static final Set<String> ACTIVE = Set.of(
      "text/html", "application/xhtml+xml", "image/svg+xml", "application/xml", "text/xml",
      "application/javascript", "text/javascript", "application/ecmascript", "text/ecmascript",
      "application/x-shockwave-flash", "text/xsl", "application/xslt+xml", "application/rdf+xml",
      "application/vnd.wap.xhtml+xml", "multipart/x-mixed-replace");

  /** Types that are safe and useful to show in the browser rather than download. */
  private static final Set<String> INLINE = Set.of(
      "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
      "text/plain", "application/pdf", "application/json");

  private static final Set<String> THUMBNAILABLE = Set.of("image/png", "image/jpeg", "image/gif", "image/bmp");

  private final Tika tika = new Tika();

  public String detect(byte[] head, int length, String fileName) {
    byte[] exact = length == head.length ? head : java.util.Arrays.copyOf(head, length);
    return base(tika.detect(exact, fileName));
  }

  public static boolean active(String mediaType) {
    String t = base(mediaType);
    return ACTIVE.contains(t) || t.endsWith("+xml");
  }

  public static boolean inline(String mediaType) {
    String t = base(mediaType);
    return !active(t) && (INLINE.contains(t) || t.startsWith("video/") || t.startsWith("audio/"));
  }

  public static boolean thumbnailable(String mediaType) {
    return THUMBNAILABLE.contains(base(mediaType));
  }

  private static String base(String mediaType) {
    if (mediaType == null) return "application/octet-stream";
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
