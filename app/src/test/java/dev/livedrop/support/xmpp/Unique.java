package dev.livedrop.support.xmpp;

import java.util.UUID;

/** Short random ids that keep node, room and viewer names apart between tests and runs. */
final class Unique {
  private Unique() {}

  static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
