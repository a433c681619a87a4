/**
 * Authored lessons rendered as self-contained web pages (HTML, CSS, the Courseport runtime and quiz
 * scripts, media and widget files) for the SCORM, Common Cartridge and zip writers. The DOM and
 * runtime behaviour are described in docs/course-export.md, "Launch page".
 */
package org.courseport.server.export.web;
