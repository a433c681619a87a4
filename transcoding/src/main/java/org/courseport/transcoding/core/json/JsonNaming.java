package org.courseport.transcoding.core.json;

/** How a REST dialect names the JSON fields of protobuf messages. */
public enum JsonNaming {
  /** {@code courseId}: the proto3 JSON name (SCORM Cloud). */
  LOWER_CAMEL,
  /** {@code course_id}: the proto field name (Canvas-style APIs). */
  SNAKE_CASE
}
