package dev.livedrop.xmpp.transport.bosh;

/** XEP-0124 §17.2 terminal binding conditions we use. */
final class BoshConditions {
  private BoshConditions() {}

  static final String BAD_REQUEST = "bad-request";
  static final String HOST_UNKNOWN = "host-unknown";
  static final String ITEM_NOT_FOUND = "item-not-found";
  static final String POLICY_VIOLATION = "policy-violation";
  static final String REMOTE_STREAM_ERROR = "remote-stream-error";
  static final String SYSTEM_SHUTDOWN = "system-shutdown";
  static final String UNDEFINED_CONDITION = "undefined-condition";
}
