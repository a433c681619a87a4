package org.courseport.server.domain.launch;

import java.util.List;
import java.util.Optional;

/**
 * The launchable items of a course version, as its launch plan lists them: which item ids a commit
 * may name, which of them are SCOs (rolled up into the session's status), and the titles the xAPI
 * statements show. Wired at start-up from the player's launch plans (the domain does not read
 * manifests).
 */
@FunctionalInterface
public interface ScoCatalog {
  /** The version's layout; empty when the version does not exist (any more). */
  Optional<Layout> layout(String tenantId, String courseId, int version);

  /**
   * A version's launchable items.
   *
   * @param courseTitle the course title
   * @param items the launchable items in document order
   */
  record Layout(String courseTitle, List<Item> items) {
    public Layout {
      items = List.copyOf(items);
    }

    public Optional<Item> item(String itemId) {
      return items.stream().filter(i -> i.id().equals(itemId)).findFirst();
    }

    /** The ids of the SCOs, in order. */
    public List<String> scoIds() {
      return items.stream().filter(Item::sco).map(Item::id).toList();
    }
  }

  /**
   * One launchable item.
   *
   * @param id the manifest item identifier
   * @param title its title
   * @param sco whether it is a SCO (an asset is launched but never tracked in the rollup)
   */
  record Item(String id, String title, boolean sco) {}
}
