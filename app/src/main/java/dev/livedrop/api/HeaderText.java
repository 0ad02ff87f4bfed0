package dev.livedrop.api;

import dev.livedrop.drops.DropException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text carried in HTTP headers. Headers are bytes; we take UTF-8, percent-encoded
 * ({@code encodeURIComponent}) or raw, and refuse what is not valid UTF-8 instead of guessing.
 */
public final class HeaderText {
  private HeaderText() {}

  public static String decode(String field, String raw) {
    if (raw == null) return null;
    var bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '%') {
        throw DropException.invalid("'" + field + "' has a '%' that does not start a %XX escape.");
      } else if (c > 0xFF) {
        throw DropException.invalid("'" + field + "' is not valid UTF-8.");
      } else {
        // Netty hands header bytes over one char each (ISO-8859-1), so raw UTF-8 survives as bytes.
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw DropException.invalid("'" + field + "' is not valid UTF-8.");
    }
  }

  /** RFC 6266 / RFC 8187: an ASCII fallback name and the exact name, percent-encoded. */
  public static String contentDisposition(String type, String fileName) {
    var ascii = new StringBuilder();
    fileName.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%' ? (char) cp : '_'));
    var encoded = new StringBuilder();
    for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
      int v = b & 0xff;
      if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || "!#$&+-.^_`|~".indexOf(v) >= 0) {
        encoded.append((char) v);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
      }
    }
    return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
