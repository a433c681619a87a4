package org.courseport.server.storage.mongo;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link MongoImportJobRepository} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class MongoImportJobRepositoryContainerTest extends MongoImportJobRepositoryContractTest {
  @Override
  TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
