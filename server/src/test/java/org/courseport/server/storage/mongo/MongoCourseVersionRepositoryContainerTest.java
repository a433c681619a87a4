package org.courseport.server.storage.mongo;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link MongoCourseVersionRepository} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class MongoCourseVersionRepositoryContainerTest extends MongoCourseVersionRepositoryContractTest {
  @Override
  TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
