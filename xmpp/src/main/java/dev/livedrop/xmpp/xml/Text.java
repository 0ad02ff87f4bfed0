package dev.livedrop.xmpp.xml;

/** Character data; escaped when written. */
public record Text(String value) implements Node {}
