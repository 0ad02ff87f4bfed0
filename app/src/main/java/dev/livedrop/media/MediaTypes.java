package dev.livedrop.media;

import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

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
  private final MediaTypeRegistry registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

  /**
   * The type the content shows. The name may only narrow it (zip to docx, text/plain to text/csv),
   * never replace it: random bytes named "x.png" stay application/octet-stream.
   */
  public String detect(byte[] head, int length, String fileName) {
    byte[] exact = length == head.length ? head : java.util.Arrays.copyOf(head, length);
    MediaType byContent = MediaType.parse(tika.detect(exact));
    if (byContent == null || byContent.equals(MediaType.OCTET_STREAM) || fileName == null) {
      return byContent == null ? "application/octet-stream" : base(byContent.toString());
    }
    MediaType byName = MediaType.parse(tika.detect(fileName));
    if (byName != null && registry.isSpecializationOf(byName.getBaseType(), byContent.getBaseType())) {
      return base(byName.toString());
    }
    return base(byContent.toString());
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
