package org.courseport.server.domain.contentexport;

import java.util.Arrays;
import java.util.Optional;

/** What a content export exports: a course, a group of courses or a user's courses. */
public enum ContextType {
  COURSE("courses", "Course"),
  GROUP("groups", "Group"),
  USER("users", "User");

  private final String pathName;
  private final String progressName;

  ContextType(String pathName, String progressName) {
    this.pathName = pathName;
    this.progressName = progressName;
  }

  /** The collection in Canvas paths: {@code courses}, {@code groups}, {@code users}. */
  public String pathName() {
    return pathName;
  }

  /** The Progress object's {@code context_type}: {@code Course}, {@code Group}, {@code User}. */
  public String progressName() {
    return progressName;
  }

  /** The type named by a path collection. */
  public static Optional<ContextType> byPathName(String name) {
    return Arrays.stream(values()).filter(t -> t.pathName.equals(name)).findFirst();
  }
}
