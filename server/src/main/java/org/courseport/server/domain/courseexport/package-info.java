/**
 * LearningStudio's course export around {@link org.courseport.server.export.CourseExports}: plan
 * and rate-limit checks, permanent download capabilities (hashed tokens, revocable), the share page
 * and the {@code course.exported} event. Free of gRPC, HTTP and storage types.
 */
package org.courseport.server.domain.courseexport;
