package org.courseport.server.storage.mongo;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link MongoCourseRepository} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class MongoCourseRepositoryContainerTest extends MongoCourseRepositoryContractTest {
  @Override
  TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
