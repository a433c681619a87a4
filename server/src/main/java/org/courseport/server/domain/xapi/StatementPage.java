package org.courseport.server.domain.xapi;

import java.util.List;

/** A page of statements, oldest stored first; {@code more} is null on the last page. */
public record StatementPage(List<StoredStatement> statements, String more) {
  public StatementPage {
    statements = List.copyOf(statements);
  }
}
