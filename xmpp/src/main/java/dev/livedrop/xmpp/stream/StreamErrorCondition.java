package dev.livedrop.xmpp.stream;

/** RFC 6120 §4.9.3: the defined stream error conditions we use. */
public enum StreamErrorCondition {
  BAD_FORMAT("bad-format"),
  BAD_NAMESPACE_PREFIX("bad-namespace-prefix"),
  CONFLICT("conflict"),
  CONNECTION_TIMEOUT("connection-timeout"),
  HOST_UNKNOWN("host-unknown"),
  IMPROPER_ADDRESSING("improper-addressing"),
  INTERNAL_SERVER_ERROR("internal-server-error"),
  INVALID_FROM("invalid-from"),
  INVALID_NAMESPACE("invalid-namespace"),
  INVALID_XML("invalid-xml"),
  NOT_AUTHORIZED("not-authorized"),
  NOT_WELL_FORMED("not-well-formed"),
  POLICY_VIOLATION("policy-violation"),
  RESET("reset"),
  RESOURCE_CONSTRAINT("resource-constraint"),
  RESTRICTED_XML("restricted-xml"),
  SYSTEM_SHUTDOWN("system-shutdown"),
  UNDEFINED_CONDITION("undefined-condition"),
  UNSUPPORTED_ENCODING("unsupported-encoding"),
  UNSUPPORTED_FEATURE("unsupported-feature"),
  UNSUPPORTED_STANZA_TYPE("unsupported-stanza-type"),
  UNSUPPORTED_VERSION("unsupported-version");

  private final String element;

  StreamErrorCondition(String element) {
    this.element = element;
  }

  public String element() {
    return element;
  }
}
