/**
 * The course export service behind the LearningStudio and Canvas routes: {@link
 * org.courseport.server.export.core.SnapshotLoader} reads the tenant's course, {@link
 * org.courseport.server.export.core.DefaultCourseExports} picks the writer, serves an identical
 * earlier build by its plan key or writes a new zip and has {@link
 * org.courseport.server.export.core.PackageVerifier} re-import it before it is recorded, and the
 * build records keep their blobs alive until the course goes.
 */
package org.courseport.server.export.core;
