package org.courseport.server.storage.mongo;

/** {@link MongoImportJobRepository} against the embedded store. */
class MongoImportJobRepositoryTest extends MongoImportJobRepositoryContractTest {
  @Override
  TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
