package org.courseport.server.storage.mongo;

import org.testcontainers.junit.jupiter.Testcontainers;

/** Course listings against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class CourseFiltersContainerTest extends CourseFiltersContractTest {
  @Override
  TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
