package org.courseport.server.domain.lessonimport;

import java.util.List;
import java.util.Map;
import org.courseport.server.domain.lesson.Lesson;
import org.courseport.server.domain.lesson.PublishedLessonVersion;

/**
 * The outcome of a bundle import.
 *
 * @param version the published version; null unless publishing was asked
 * @param mediaIds the bundle's media ids mapped to the new ones, in manifest order
 * @param widgetIds the bundle's widget ids mapped to the new ones, in manifest order
 * @param warnings what was ignored
 */
public record ImportedLesson(
    Lesson lesson,
    PublishedLessonVersion version,
    Map<String, String> mediaIds,
    Map<String, String> widgetIds,
    List<String> warnings) {}
