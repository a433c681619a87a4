package org.courseport.client.cli;

/** The courseport command line. */
public final class CourseportCli {
  private CourseportCli() {}

  public static void main(String[] args) {
    System.out.println("courseport");
  }
}
