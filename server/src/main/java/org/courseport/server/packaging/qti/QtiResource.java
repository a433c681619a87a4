package org.courseport.server.packaging.qti;

import java.util.List;
import java.util.Locale;

/**
 * A resource of a QTI package manifest.
 *
 * @param identifier the resource identifier
 * @param type the resource type, e.g. {@code imsqti_item_xmlv2p1}
 * @param href the href with xml:base applied, empty when none
 * @param dependencies identifiers the resource depends on
 */
public record QtiResource(String identifier, String type, String href, List<String> dependencies) {
  public QtiResource {
    dependencies = List.copyOf(dependencies);
  }

  public boolean isItem() {
    return type.toLowerCase(Locale.ROOT).matches("imsqti_item_xmlv(2p[12]|3p0)");
  }

  public boolean isTest() {
    return type.toLowerCase(Locale.ROOT).matches("imsqti_test_xmlv(2p[12]|3p0)");
  }
}
