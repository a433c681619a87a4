package org.courseport.server.storage.mongo.tenant;

import org.courseport.server.storage.mongo.ContainerTestMongo;
import org.courseport.server.storage.mongo.TestMongo;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link MongoTenantRepository} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class MongoTenantRepositoryContainerTest extends MongoTenantRepositoryContractTest {
  @Override
  protected TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
