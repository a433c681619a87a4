package org.courseport.server.domain.packaging;

/** Kind of an activity in a course's activity tree. */
public enum ActivityType {
  UNKNOWN,
  AGGREGATION,
  SCO,
  ASSET,
  OBJECTIVE
}
