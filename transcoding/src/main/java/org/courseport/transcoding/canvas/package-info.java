/**
 * The Canvas content exports API (seed 004): {@code
 * /api/v1/{courses,groups,users}/{id}/content_exports}, {@code /api/v1/groups}, {@code
 * /api/v1/users}, {@code /api/v1/progress} and the download route {@code /files/{token}/download};
 * Canvas's {@code {"errors":[{"message"}]}} error body, snake_case JSON (the messages' json_name),
 * Bearer credentials, lists as bare arrays paged by {@code Link}.
 */
package org.courseport.transcoding.canvas;
