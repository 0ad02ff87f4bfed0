package dev.livedrop.xmpp.sasl;

/** Who a SASL exchange proved the client to be: a localpart on our domain. */
public record Identity(String localpart, boolean anonymous) {}
