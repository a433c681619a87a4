/**
 * Canvas content exports (seed 004): export jobs of a course, a group (a named set of a tenant's
 * courses) or a user (the owner of a tenant's uploads and authored content), stored with integer
 * ids per tenant, claimed through the store with a renewed lease by any worker, run on a small
 * pool, their completion moving with the course export's progress, and the finished package handed
 * out through an unguessable download capability. See docs/canvas-exports.md.
 */
package org.courseport.server.domain.contentexport;
