package dev.livedrop.drops;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Turns whatever name a client sent for a file into one that is safe to show and to use in a
 * Content-Disposition header or a zip entry: no directories, no control characters, no names
 * Windows refuses. The original is kept beside it, for display only.
 */
public final class FileNames {
  public static final int MAX_LENGTH = 255;
  private static final Set<String> WINDOWS_DEVICES = Set.of(
      "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
      "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private FileNames() {}

  /** The original name as sent, checked only for what can't be shown at all. */
  public static String checkOriginal(String original) {
    if (original == null || original.isEmpty()) {
      throw DropException.invalid("A file needs a name; the name sent was empty.");
    }
    if (original.indexOf('\uFFFD') >= 0) {
      throw DropException.invalid("The file name is not valid UTF-8.");
    }
    if (original.length() > 1024) {
      throw DropException.invalid("A file name has at most 1024 characters.");
    }
    return original;
  }

  public static String safe(String original) {
    String name = Normalizer.normalize(original, Normalizer.Form.NFC);
    // Only the last path segment: "../../etc/passwd" and "C:\\x\\y.txt" become "passwd" and "y.txt".
    int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(cut + 1);
    var sb = new StringBuilder(name.length());
    name.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp) || cp == 0xFFFD || Character.getType(cp) == Character.FORMAT
          || "<>:\"|?*".indexOf(cp) >= 0) {
        sb.append('_');
      } else {
        sb.appendCodePoint(cp);
      }
    });
    name = sb.toString().strip();
    while (name.startsWith(".")) name = name.substring(1);
    while (name.endsWith(".") || name.endsWith(" ")) name = name.substring(0, name.length() - 1);
    String stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    if (WINDOWS_DEVICES.contains(stem.toLowerCase(Locale.ROOT))) name = "_" + name;
    if (name.isEmpty() || name.chars().allMatch(c -> c == '_')) name = "file";
    if (name.length() > MAX_LENGTH) name = truncateKeepingExtension(name);
    return name;
  }

  private static String truncateKeepingExtension(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
    String stem = name.substring(0, name.length() - ext.length());
    int keep = MAX_LENGTH - ext.length();
    if (Character.isHighSurrogate(stem.charAt(keep - 1))) keep--;
    return stem.substring(0, keep) + ext;
  }
}
