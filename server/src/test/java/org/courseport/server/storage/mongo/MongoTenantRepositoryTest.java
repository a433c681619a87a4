package org.courseport.server.storage.mongo;

/** {@link MongoTenantRepository} against the embedded store. */
class MongoTenantRepositoryTest extends MongoTenantRepositoryContractTest {
  @Override
  TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
