/**
 * Import of lesson bundles: the zip a lesson export writes becomes a new lesson with new media and
 * widgets (docs/lessons.md, "Importing a lesson bundle").
 */
package org.courseport.server.domain.lessonimport;
