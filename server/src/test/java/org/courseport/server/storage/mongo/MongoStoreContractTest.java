package org.courseport.server.storage.mongo;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the repository contract tests: one server per test class (embedded or a container, chosen
 * by the subclass), one {@link MongoStore} on it, every collection emptied before each test
 * (indexes stay).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MongoStoreContractTest {
  private TestMongo mongo;
  protected MongoStore store;

  /** Starts the server the tests of this class run against. */
  protected abstract TestMongo startMongo() throws Exception;

  @BeforeAll
  void startStore() throws Exception {
    mongo = startMongo();
    store = new MongoStore(mongo.connectionString());
  }

  @BeforeEach
  void emptyCollections() {
    for (String name :
        new String[] {
          MongoStore.COURSES,
          MongoStore.COURSE_VERSIONS,
          MongoStore.TENANTS,
          MongoStore.API_KEYS,
          MongoStore.IMPORT_JOBS
        }) {
      store.database().getCollection(name).deleteMany(new Document());
    }
  }

  @AfterAll
  void stopStore() throws Exception {
    if (store != null) {
      store.close();
    }
    if (mongo != null) {
      mongo.close();
    }
  }
}
