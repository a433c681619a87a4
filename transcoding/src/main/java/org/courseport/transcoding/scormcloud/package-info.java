/**
 * The SCORM Cloud API v2 dialect ({@code /api/v2}): its error renderer, its hand-written upload and
 * download routes, its JSON naming. A new dialect is a sibling package like this one.
 */
package org.courseport.transcoding.scormcloud;
