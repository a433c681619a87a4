package org.courseport.server.domain.authoring;

import java.util.List;
import java.util.UUID;

/**
 * A module of an authored course: its title and its published lesson versions, in order.
 *
 * @param title the module title
 * @param lessons the lesson versions
 */
public record AuthoredModule(String title, List<Lesson> lessons) {
  public AuthoredModule {
    lessons = List.copyOf(lessons);
  }

  /** One published lesson version of a module, with its title and number when it was added. */
  public record Lesson(UUID lessonId, UUID versionId, String title, int versionNumber) {}
}
