package dev.livedrop.xmpp.transport;

import io.vertx.core.transport.Transport;
import java.util.Locale;

/**
 * Which socket layer Vert.x runs on. {@code auto} takes Linux's native epoll when its library
 * loads (fewer syscalls and copies than the JDK's NIO selector on fan-out) and NIO otherwise;
 * {@code nio} and {@code epoll} ask for one, and an unavailable one is an error at start rather
 * than a silent fallback. io_uring is not offered: see docs/decisions/0012-native-epoll-transport.md.
 */
public final class NetTransports {
  private NetTransports() {}

  public static Transport choose(String setting) {
    String s = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
    Transport t = switch (s) {
      case "auto" -> Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
      case "nio" -> Transport.NIO;
      case "epoll" -> Transport.EPOLL;
      default -> throw new IllegalArgumentException("Unknown network transport '" + setting + "': use auto, nio or epoll.");
    };
    if (!t.available()) {
      throw new IllegalStateException("The " + s + " transport is not available here: " + t.unavailabilityCause());
    }
    return t;
  }
}
