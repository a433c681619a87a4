package org.courseport.server.domain.catalog;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.FreeText;

/**
 * Rules for tags: trimmed, non-empty, at most 255 characters, no control characters, no duplicates.
 */
final class Tags {
  private Tags() {}

  static List<String> clean(Collection<String> tags) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String t : tags) {
      String tag = t == null ? "" : t.trim();
      if (tag.isEmpty()) {
        throw DomainException.invalid("TAG_INVALID", "tags must not be empty");
      }
      if (tag.length() > 255) {
        throw DomainException.invalid("TAG_INVALID", "tags must be at most 255 characters");
      }
      FreeText.require("tag", tag, 255, "TAG_INVALID");
      out.add(tag);
    }
    return List.copyOf(out);
  }
}
