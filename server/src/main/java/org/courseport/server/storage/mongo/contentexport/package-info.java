/**
 * MongoDB storage of Canvas content exports, groups, users, their per-tenant integer sequences and
 * the key of download tokens.
 */
package org.courseport.server.storage.mongo.contentexport;
