package org.courseport.server.storage.mongo.lesson;

import org.courseport.server.storage.mongo.ContainerTestMongo;
import org.courseport.server.storage.mongo.TestMongo;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link LessonsOnMongoContractTest} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class LessonsOnMongoContainerTest extends LessonsOnMongoContractTest {
  @Override
  protected TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
