/**
 * Lessons authored in Courseport: the content document and its JSON Schema, the rich-text
 * sanitiser, slugs, published versions and {@link
 * org.courseport.server.domain.lesson.LessonCatalog} (what the lesson export reads).
 */
package org.courseport.server.domain.lesson;
