package org.courseport.server.packaging.xml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An element of a parsed XML document: name, attributes, child elements, its own text and the line
 * it starts on. Lookups by local name ignore namespaces, because real packages mix them freely.
 */
public final class XmlElement {
  /** One attribute; {@code namespace} is empty for unprefixed attributes. */
  public record Attribute(String namespace, String localName, String qName, String value) {}

  private final String namespace;
  private final String localName;
  private final String qName;
  private final int line;
  private final List<Attribute> attributes;
  // Both created on first use: a manifest may list 100,000 <file> elements without either.
  private List<XmlElement> children = List.of();
  private StringBuilder text;

  XmlElement(String namespace, String localName, String qName, int line, List<Attribute> attrs) {
    this.namespace = namespace == null ? "" : namespace;
    this.localName = localName;
    this.qName = qName;
    this.line = line;
    this.attributes = List.copyOf(attrs);
  }

  void addChild(XmlElement child) {
    if (children.isEmpty()) {
      children = new ArrayList<>(4);
    }
    children.add(child);
  }

  void appendText(char[] ch, int start, int length) {
    if (text == null) {
      // Leading whitespace is trimmed anyway (as String.trim does): no need to keep it.
      while (length > 0 && ch[start] <= ' ') {
        start++;
        length--;
      }
      if (length == 0) {
        return;
      }
      text = new StringBuilder(length);
    }
    text.append(ch, start, length);
  }

  public String namespace() {
    return namespace;
  }

  public String localName() {
    return localName;
  }

  /** The name as written, with its prefix, for messages. */
  public String qName() {
    return qName;
  }

  public int line() {
    return line;
  }

  public List<Attribute> attributes() {
    return attributes;
  }

  public List<XmlElement> children() {
    return Collections.unmodifiableList(children);
  }

  /** Direct text content, trimmed. */
  public String text() {
    return text == null ? "" : text.toString().trim();
  }

  /** The value of an unprefixed attribute, or empty when absent. */
  public String attr(String name) {
    return attribute(name).orElse("");
  }

  /** An unprefixed attribute. */
  public Optional<String> attribute(String name) {
    for (Attribute a : attributes) {
      if (a.namespace().isEmpty() && a.localName().equals(name)) {
        return Optional.of(a.value());
      }
    }
    return Optional.empty();
  }

  /** An attribute in the given namespace. */
  public Optional<String> attribute(String ns, String name) {
    for (Attribute a : attributes) {
      if (a.namespace().equals(ns) && a.localName().equals(name)) {
        return Optional.of(a.value());
      }
    }
    return Optional.empty();
  }

  /** The first attribute whose local name equals {@code name} ignoring case, in any namespace. */
  public Optional<Attribute> attributeIgnoreCase(String name) {
    return attributes.stream().filter(a -> a.localName().equalsIgnoreCase(name)).findFirst();
  }

  /** Child elements with this local name, in any namespace. */
  public List<XmlElement> children(String name) {
    return children.stream().filter(c -> c.localName.equals(name)).toList();
  }

  /** Child elements with this local name ignoring case, in any namespace. */
  public List<XmlElement> childrenIgnoreCase(String name) {
    return children.stream().filter(c -> c.localName.equalsIgnoreCase(name)).toList();
  }

  /** The first child element with this local name, in any namespace. */
  public Optional<XmlElement> child(String name) {
    return children.stream().filter(c -> c.localName.equals(name)).findFirst();
  }

  /** The first child element with this local name ignoring case, in any namespace. */
  public Optional<XmlElement> childIgnoreCase(String name) {
    return children.stream().filter(c -> c.localName.equalsIgnoreCase(name)).findFirst();
  }

  /** The trimmed text of the first child with this local name, or empty. */
  public String childText(String name) {
    return child(name).map(XmlElement::text).orElse("");
  }

  /** This element and all elements below it, in document order. */
  public Stream<XmlElement> descendantsAndSelf() {
    List<XmlElement> all = new ArrayList<>();
    Deque<XmlElement> pending = new ArrayDeque<>();
    pending.push(this);
    while (!pending.isEmpty()) {
      XmlElement e = pending.pop();
      all.add(e);
      for (int i = e.children.size() - 1; i >= 0; i--) {
        pending.push(e.children.get(i));
      }
    }
    return all.stream();
  }

  @Override
  public String toString() {
    return "<" + qName + "> at line " + line;
  }
}
