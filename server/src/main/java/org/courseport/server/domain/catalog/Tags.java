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
      // Not trim(): it removes every character up to U+0020, so "a\u0001" became "a" silently.
      if (t == null || t.isBlank()) {
        throw DomainException.invalid("TAG_INVALID", "tags must not be empty");
      }
      out.add(FreeText.require("tag", t, 255, "TAG_INVALID"));
    }
    return List.copyOf(out);
  }
}
