package org.courseport.server;

/** Entry point of the Courseport server. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("courseport");
  }
}
