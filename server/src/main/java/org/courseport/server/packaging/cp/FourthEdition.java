package org.courseport.server.packaging.cp;

import java.util.Optional;
import java.util.Set;
import org.courseport.server.packaging.xml.XmlElement;

/** Finds elements that exist only in SCORM 2004 4th Edition manifests. */
final class FourthEdition {
  private static final Set<String> THRESHOLD_ATTRIBUTES =
      Set.of("completedByMeasure", "minProgressMeasure", "progressWeight");

  private FourthEdition() {}

  /**
   * The first 4th-edition-only element: {@code adlcp:data}/{@code adlcp:map} (shared data), {@code
   * adlseq:objectives} (extended objective maps), or {@code adlcp:completionThreshold} with
   * attributes (3rd Edition only has a text value).
   */
  static Optional<XmlElement> firstFeature(XmlElement root) {
    return root.descendantsAndSelf().filter(FourthEdition::isFourthOnly).findFirst();
  }

  private static boolean isFourthOnly(XmlElement e) {
    String ns = e.namespace();
    String name = e.localName();
    if (ns.equals(FormatDetector.ADLCP_13)) {
      return name.equals("data")
          || name.equals("map")
          || (name.equals("completionThreshold")
              && e.attributes().stream()
                  .anyMatch(a -> THRESHOLD_ATTRIBUTES.contains(a.localName())));
    }
    return ns.equals(FormatDetector.ADLSEQ_13) && name.equals("objectives");
  }
}
