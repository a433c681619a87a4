package org.courseport.server.storage.mongo;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link MongoTenantRepository} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class MongoTenantRepositoryContainerTest extends MongoTenantRepositoryContractTest {
  @Override
  TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
