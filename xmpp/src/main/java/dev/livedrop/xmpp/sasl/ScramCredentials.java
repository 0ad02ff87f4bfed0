package dev.livedrop.xmpp.sasl;

/** RFC 5802 §3: what the server stores per account and hash, never the password. */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {}
