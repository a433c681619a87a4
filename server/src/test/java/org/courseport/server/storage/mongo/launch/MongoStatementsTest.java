package org.courseport.server.storage.mongo.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.courseport.server.domain.xapi.StatementPage;
import org.courseport.server.domain.xapi.StatementQuery;
import org.courseport.server.domain.xapi.StoredStatement;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Statements on the embedded MongoDB: idempotent inserts, filters and paging by {@code more}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoStatementsTest {
  static final Instant T0 = Instant.parse("2026-12-06T02:00:00.100Z");

  EmbeddedTestMongo mongo;
  MongoStore store;
  MongoStatements statements;

  @BeforeAll
  void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    statements = new MongoStatements(store.database());
  }

  @AfterAll
  void stop() throws Exception {
    store.close();
    mongo.close();
  }

  @BeforeEach
  void empty() {
    store.database().getCollection(MongoStatements.COLLECTION).deleteMany(new Document());
  }

  static StoredStatement st(String id, String course, int version, String learner, Instant at) {
    return new StoredStatement(
        id, "t-1", course, version, learner, "reg", at, "{\"id\":\"" + id + "\"}");
  }

  @Test
  void insertAll_aStatementStoredBeforeIsKeptOnce() {
    statements.insertAll(List.of(st("b", "c", 1, "u", T0), st("a", "c", 1, "u", T0)));
    statements.insertAll(
        List.of(st("b", "c", 1, "u", T0), st("a", "c", 1, "u", T0), st("c", "c", 1, "u", T0)));
    StatementPage page = query("c", null, null, null, null, null, 100);
    // Within one commit, the order things happened (the list order), not the ids' order.
    assertThat(page.statements()).extracting(StoredStatement::id).containsExactly("b", "a", "c");
    assertThat(page.more()).isNull();
    assertThat(page.statements().get(0))
        .isEqualTo(st("b", "c", 1, "u", T0)); // every field round-trips
  }

  @Test
  void find_pagesThroughEveryStatementOnceInStoredOrder() {
    List<String> expected = new ArrayList<>();
    for (int commit = 0; commit < 7; commit++) {
      List<StoredStatement> batch = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String id = String.format("id-%d-%d", commit, 2 - i); // ids against the insertion order
        batch.add(st(id, "c", 1, "u", T0.plusMillis(commit / 2)));
        expected.add(id);
      }
      statements.insertAll(batch);
    }
    List<String> seen = new ArrayList<>();
    String more = null;
    int pages = 0;
    do {
      StatementPage page = query("c", null, null, null, null, more, 4);
      page.statements().forEach(s -> seen.add(s.id()));
      more = page.more();
      pages++;
    } while (more != null);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(6); // 21 statements, 4 a page
  }

  @Test
  void find_filtersByVersionLearnerSinceAndUntil() {
    statements.insertAll(List.of(st("1", "c", 1, "ann", T0)));
    statements.insertAll(List.of(st("2", "c", 2, "bob", T0.plusSeconds(10))));
    statements.insertAll(List.of(st("3", "c", 2, "ann", T0.plusSeconds(20))));
    statements.insertAll(List.of(st("4", "other", 2, "ann", T0.plusSeconds(20))));
    assertThat(ids(query("c", 2, null, null, null, null, 100))).containsExactly("2", "3");
    assertThat(ids(query("c", null, "ann", null, null, null, 100))).containsExactly("1", "3");
    assertThat(ids(query("c", null, null, T0.plusSeconds(10), null, null, 100)))
        .containsExactly("2", "3");
    assertThat(ids(query("c", null, null, null, T0.plusSeconds(10), null, 100)))
        .containsExactly("1");
    assertThat(ids(query("c", 2, "ann", T0, T0.plusSeconds(21), null, 0))).containsExactly("3");
  }

  @Test
  void find_anInvalidTokenIsIllegalArgument() {
    for (String bad : new String[] {"not base64!", "Zm9v", "MTIzOng6aWQ", "MTIzOjA6NTphYg"}) {
      assertThatThrownBy(() -> query("c", null, null, null, null, bad, 10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'more'");
    }
  }

  @Test
  void deleteForVersionAndCourse() {
    statements.insertAll(
        List.of(st("1", "c", 1, "u", T0), st("2", "c", 2, "u", T0), st("3", "d", 1, "u", T0)));
    assertThat(statements.deleteForVersion("t-1", "c", 2)).isEqualTo(1);
    assertThat(ids(query("c", null, null, null, null, null, 10))).containsExactly("1");
    assertThat(statements.deleteForCourse("t-1", "c")).isEqualTo(1);
    assertThat(ids(query("d", null, null, null, null, null, 10))).containsExactly("3");
  }

  StatementPage query(
      String course,
      Integer version,
      String learner,
      Instant since,
      Instant until,
      String more,
      int size) {
    return statements.find(
        new StatementQuery("t-1", course, version, learner, since, until, more, size));
  }

  static List<String> ids(StatementPage page) {
    return page.statements().stream().map(StoredStatement::id).toList();
  }
}
