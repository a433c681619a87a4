/**
 * The deterministic zip assembler of course exports: {@link
 * org.courseport.server.export.zip.DeterministicZipAssembler} writes an {@link
 * org.courseport.server.export.ExportPlan} into the blob store so that the same plan always gives
 * the same bytes, deflating on a small pool and streaming stored media from their source, with
 * ZIP64 records where sizes, offsets or the entry count need them.
 */
package org.courseport.server.export.zip;
