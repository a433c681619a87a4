package org.courseport.server.storage.mongo.job;

import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.TestMongo;

/** {@link MongoImportJobRepository} against the embedded store. */
class MongoImportJobRepositoryTest extends MongoImportJobRepositoryContractTest {
  @Override
  protected TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
