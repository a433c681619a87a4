package org.courseport.server.storage.mongo.job;

import org.courseport.server.storage.mongo.ContainerTestMongo;
import org.courseport.server.storage.mongo.TestMongo;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link MongoImportJobRepository} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class MongoImportJobRepositoryContainerTest extends MongoImportJobRepositoryContractTest {
  @Override
  protected TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
