package dev.livedrop.xmpp.xml;

/** A child of an element: another element, or text. */
public sealed interface Node permits Element, Text {}
