package org.courseport.server.packaging.cp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * An IMS content-package manifest (SCORM, Common Cartridge, QTI, plain CP) as read, before any
 * judgement: identifiers may be empty or duplicated, references may dangle.
 *
 * @param identifier the manifest identifier
 * @param schema metadata/schema text, empty when absent
 * @param schemaVersion metadata/schemaversion text, empty when absent
 * @param metadata the manifest-level metadata element, when present
 * @param defaultOrganization organizations/@default, empty when absent
 * @param organizationsLine line of the organizations element, 0 when absent
 * @param organizations the organizations in document order
 * @param resources the resources in document order
 * @param root the manifest element
 * @param resourceIndex resources by identifier (the first of duplicates)
 */
public record CpManifest(
    String identifier,
    String schema,
    String schemaVersion,
    Optional<XmlElement> metadata,
    String defaultOrganization,
    int organizationsLine,
    List<Organization> organizations,
    List<Resource> resources,
    XmlElement root,
    Map<String, Resource> resourceIndex) {

  /** An organization: a tree of items. */
  public record Organization(
      String identifier, String title, List<Item> items, XmlElement element) {}

  /** An item; {@code identifierRef} is empty for aggregations. */
  public record Item(
      String identifier,
      String identifierRef,
      String title,
      String parameters,
      List<Item> children,
      XmlElement element) {}

  /**
   * A resource.
   *
   * @param scormType the adlcp:scormtype/scormType value, empty when absent
   * @param scormTypeName the attribute name as written, e.g. {@code adlcp:scormType}
   * @param href the href as written (without xml:base), empty when absent
   * @param base the combined xml:base of manifest, resources and resource, empty when none
   */
  public record Resource(
      String identifier,
      String type,
      String scormType,
      String scormTypeName,
      String href,
      String base,
      List<FileRef> files,
      List<Dependency> dependencies,
      XmlElement element) {}

  /** A file element; {@code href} is as written. */
  public record FileRef(String href, int line) {}

  /** A dependency element. */
  public record Dependency(String identifierRef, int line) {}

  /** All items of an organization, depth first. */
  public static List<Item> flatten(List<Item> items) {
    List<Item> all = new ArrayList<>();
    for (Item item : items) {
      all.add(item);
      all.addAll(flatten(item.children()));
    }
    return all;
  }

  /** The resource with this identifier. */
  public Optional<Resource> resource(String id) {
    return Optional.ofNullable(resourceIndex.get(id));
  }

  /** Indexes resources by identifier, keeping the first of duplicates. */
  static Map<String, Resource> index(List<Resource> resources) {
    Map<String, Resource> index = new HashMap<>();
    for (Resource r : resources) {
      index.putIfAbsent(r.identifier(), r);
    }
    return Map.copyOf(index);
  }

  /** The metadata/schema and schemaversion, as written, for messages. */
  public String declaredVersion() {
    return (schema + " " + schemaVersion).trim();
  }
}
