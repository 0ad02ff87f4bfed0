package dev.livedrop.xmpp.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private Map<String, String> attributes;
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
    return attributes == null ? null : attributes.get(key);
  }

  public Element attr(String key, String value) {
    if (value == null) {
      if (attributes != null) attributes.remove(key);
      return this;
    }
    if (attributes == null) attributes = new LinkedHashMap<>(4);
    attributes.put(key, value);
    return this;
  }

  public Map<String, String> attributes() {
    return attributes == null ? Map.of() : Collections.unmodifiableMap(attributes);
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
    if (attributes != null) e.attributes = new LinkedHashMap<>(attributes);
    if (children != null) {
      e.children = new ArrayList<>(children.size());
      for (Node n : children) e.children.add(n instanceof Element el ? el.copy() : n);
    }
    return e;
  }

  /**
   * A copy of this element's name, attributes and child list, sharing the children themselves: for
   * a stanza changed only at its top level and then serialized (a room's history entry).
   */
  public Element shallowCopy() {
    Element e = new Element(name, namespace);
    if (attributes != null) e.attributes = new LinkedHashMap<>(attributes);
    if (children != null) e.children = new ArrayList<>(children);
    return e;
  }

  /** The attributes as stored, or null: for the writer, without a read-only view per element. */
  Map<String, String> attributeMap() {
    return attributes;
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
