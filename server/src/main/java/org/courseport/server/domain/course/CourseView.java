package org.courseport.server.domain.course;

/** A course seen in one of its versions: what the Course Service returns as a CourseSchema. */
public record CourseView(Course course, CourseVersion version) {}
