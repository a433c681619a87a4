package org.courseport.server.storage.mongo.tenant;

import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.TestMongo;

/** {@link MongoTenantRepository} against the embedded store. */
class MongoTenantRepositoryTest extends MongoTenantRepositoryContractTest {
  @Override
  protected TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
