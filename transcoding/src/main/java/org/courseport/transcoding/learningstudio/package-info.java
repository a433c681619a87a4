/**
 * The LearningStudio dialect ({@code /api/v1/media}, {@code /api/v1/widgets}, {@code
 * /api/v1/courses}): {@code {"message","code"}} errors and the multipart media and widget uploads.
 */
package org.courseport.transcoding.learningstudio;
