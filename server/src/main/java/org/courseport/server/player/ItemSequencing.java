package org.courseport.server.player;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * The effective {@code imsss:sequencing} of an organization or item: its own child elements, and
 * those of the {@code imsss:sequencingCollection} entry its {@code IDRef} names that it does not
 * override (IMS SS: an element given locally replaces the same element of the referenced collection
 * entry; elements are told apart by namespace and local name, so {@code adlseq:objectives} does not
 * replace {@code imsss:objectives}).
 */
final class ItemSequencing {
  static final String IMSSS = "http://www.imsglobal.org/xsd/imsss";
  static final String ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3";

  private final List<XmlElement> elements;

  private ItemSequencing(List<XmlElement> elements) {
    this.elements = List.copyOf(elements);
  }

  /** No sequencing information. */
  static final ItemSequencing NONE = new ItemSequencing(List.of());

  /** The collection entries of a manifest, by their {@code ID}. */
  static Map<String, XmlElement> collection(XmlElement manifestRoot) {
    Map<String, XmlElement> byId = new HashMap<>();
    for (XmlElement c : manifestRoot.children("sequencingCollection")) {
      for (XmlElement s : c.children("sequencing")) {
        String id = s.attr("ID").trim();
        if (!id.isEmpty()) {
          byId.putIfAbsent(id, s);
        }
      }
    }
    return byId;
  }

  /** The effective sequencing of an organization or item element. */
  static ItemSequencing of(XmlElement owner, Map<String, XmlElement> collection) {
    Optional<XmlElement> own = owner.child("sequencing");
    if (own.isEmpty()) {
      return NONE;
    }
    List<XmlElement> local = own.get().children();
    XmlElement referenced = collection.get(own.get().attr("IDRef").trim());
    if (referenced == null) {
      return new ItemSequencing(local);
    }
    Set<String> overridden = new HashSet<>();
    local.forEach(e -> overridden.add(key(e)));
    List<XmlElement> merged = new ArrayList<>();
    for (XmlElement e : referenced.children()) {
      if (!overridden.contains(key(e))) {
        merged.add(e);
      }
    }
    merged.addAll(local);
    return new ItemSequencing(merged);
  }

  private static String key(XmlElement e) {
    return (isAdlseq(e) ? "adlseq:" : "imsss:") + e.localName();
  }

  private static boolean isAdlseq(XmlElement e) {
    return e.namespace().equals(ADLSEQ);
  }

  /** The first IMS SS element with this local name. */
  Optional<XmlElement> imsss(String localName) {
    return elements.stream()
        .filter(e -> !isAdlseq(e) && e.localName().equals(localName))
        .findFirst();
  }

  /** The first ADL sequencing extension element with this local name. */
  Optional<XmlElement> adlseq(String localName) {
    return elements.stream()
        .filter(e -> isAdlseq(e) && e.localName().equals(localName))
        .findFirst();
  }

  boolean isEmpty() {
    return elements.isEmpty();
  }

  /** The primary objective element, when declared. */
  Optional<XmlElement> primaryObjective() {
    return imsss("objectives").flatMap(o -> o.child("primaryObjective"));
  }

  /** The organization's controlMode choice (IMS SS default true). */
  boolean choice() {
    return imsss("controlMode").map(c -> bool(c, "choice", true)).orElse(true);
  }

  /** The organization's controlMode flow (IMS SS default false). */
  boolean flow() {
    return imsss("controlMode").map(c -> bool(c, "flow", false)).orElse(false);
  }

  /**
   * An xs:boolean attribute: {@code true}/{@code 1} or {@code false}/{@code 0}, else the default.
   */
  static boolean bool(XmlElement e, String name, boolean fallback) {
    return parseBool(e.attribute(name).orElse(null)).orElse(fallback);
  }

  static Optional<Boolean> parseBool(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    return switch (raw.trim()) {
      case "true", "1" -> Optional.of(true);
      case "false", "0" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
