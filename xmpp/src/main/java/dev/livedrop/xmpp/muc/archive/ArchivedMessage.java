package dev.livedrop.xmpp.muc.archive;

/** One kept message: its stanza-id, when it was broadcast, and the stanza as sent (UTF-8, no recipient). */
public record ArchivedMessage(String id, long atMillis, byte[] xml) {}
