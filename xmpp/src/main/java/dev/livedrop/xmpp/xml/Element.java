package dev.livedrop.xmpp.xml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An XML element of a stanza: a name in a namespace, attributes, and children that are elements
 * or text. Mutable while built, then handed on; small on purpose, since a server holds many.
 * Attribute names are as written (prefixed only for {@code xml:lang}); namespaces are resolved.
 */
public final class Element implements Node {
  private final String name;
  private final String namespace;
  // Names and values side by side, in the order set: a stanza has a handful of attributes, so a
  // scan beats hashing and one array replaces a map with its table and an entry per attribute
  // (see docs/decisions/0022-write-path-and-memory-of-the-xmpp-server.md).
  private String[] attributes;
  private int attributeCount;
  private List<Node> children;

  public Element(String name, String namespace) {
    this.name = Objects.requireNonNull(name);
    this.namespace = namespace == null ? "" : namespace;
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public boolean is(String n, String ns) {
    return name.equals(n) && namespace.equals(ns);
  }

  public String attr(String key) {
    int i = indexOf(key);
    return i < 0 ? null : attributes[i + 1];
  }

  /** Sets (or with null, removes) an attribute; a new one goes last, a changed one keeps its place. */
  public Element attr(String key, String value) {
    Objects.requireNonNull(key);
    int i = indexOf(key);
    if (value == null) {
      if (i >= 0) {
        int end = attributeCount * 2;
        System.arraycopy(attributes, i + 2, attributes, i, end - i - 2);
        attributes[end - 2] = attributes[end - 1] = null;
        attributeCount--;
      }
      return this;
    }
    if (i >= 0) {
      attributes[i + 1] = value;
      return this;
    }
    if (attributes == null) {
      attributes = new String[8];
    } else if (attributeCount * 2 == attributes.length) {
      attributes = Arrays.copyOf(attributes, attributes.length * 2);
    }
    attributes[attributeCount * 2] = key;
    attributes[attributeCount * 2 + 1] = value;
    attributeCount++;
    return this;
  }

  private int indexOf(String key) {
    for (int i = 0; i < attributeCount * 2; i += 2) if (attributes[i].equals(key)) return i;
    return -1;
  }

  public List<Node> children() {
    return children == null ? List.of() : Collections.unmodifiableList(children);
  }

  public Element add(Node child) {
    if (children == null) children = new ArrayList<>(2);
    children.add(child);
    return this;
  }

  /** Adds and returns a new child element in the given namespace. */
  public Element addChild(String childName, String childNamespace) {
    Element e = new Element(childName, childNamespace);
    add(e);
    return e;
  }

  /** Adds a child element in this element's namespace. */
  public Element addChild(String childName) {
    return addChild(childName, namespace);
  }

  public Element text(String text) {
    if (text != null && !text.isEmpty()) add(new Text(text));
    return this;
  }

  public boolean removeChild(Element child) {
    return children != null && children.remove(child);
  }

  public Stream<Element> elements() {
    return children == null ? Stream.empty() : children.stream().filter(Element.class::isInstance).map(Element.class::cast);
  }

  // A loop, not elements(): every message a room broadcasts is asked for its body and subject.
  public Optional<Element> child(String childName, String childNamespace) {
    if (children != null) {
      for (Node n : children) if (n instanceof Element e && e.is(childName, childNamespace)) return Optional.of(e);
    }
    return Optional.empty();
  }

  public Optional<Element> firstChild() {
    if (children != null) {
      for (Node n : children) if (n instanceof Element e) return Optional.of(e);
    }
    return Optional.empty();
  }

  /** All text directly inside this element. */
  public String text() {
    if (children == null) return "";
    var sb = new StringBuilder();
    for (Node n : children) if (n instanceof Text t) sb.append(t.value());
    return sb.toString();
  }

  public String childText(String childName, String childNamespace) {
    return child(childName, childNamespace).map(Element::text).orElse(null);
  }

  /** A deep copy, for a stanza that is changed per recipient or stored. */
  public Element copy() {
    Element e = new Element(name, namespace);
    if (attributes != null) e.attributes = attributes.clone();
    e.attributeCount = attributeCount;
    if (children != null) {
      e.children = new ArrayList<>(children.size());
      for (Node n : children) e.children.add(n instanceof Element el ? el.copy() : n);
    }
    return e;
  }

  /**
   * A deep copy in which every element in namespace {@code from} is in {@code to} instead; elements
   * in other namespaces (and their subtrees) are copied unchanged.
   */
  public Element copyMovingNamespace(String from, String to) {
    Element e = new Element(name, namespace.equals(from) ? to : namespace);
    if (attributes != null) e.attributes = attributes.clone();
    e.attributeCount = attributeCount;
    if (children != null) {
      e.children = new ArrayList<>(children.size());
      for (Node n : children) {
        e.children.add(n instanceof Element el ? (el.namespace.equals(from) ? el.copyMovingNamespace(from, to) : el.copy()) : n);
      }
    }
    return e;
  }

  // For the writer, without a map or a view per element.
  int attributeCount() {
    return attributeCount;
  }

  String attributeName(int i) {
    return attributes[i * 2];
  }

  String attributeValue(int i) {
    return attributes[i * 2 + 1];
  }

  /** The children as stored, or null. */
  List<Node> childList() {
    return children;
  }

  @Override
  public String toString() {
    return XmlWriter.toXml(this, "");
  }
}
