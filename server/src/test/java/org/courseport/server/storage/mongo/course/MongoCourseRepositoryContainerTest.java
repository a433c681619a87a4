package org.courseport.server.storage.mongo.course;

import org.courseport.server.storage.mongo.ContainerTestMongo;
import org.courseport.server.storage.mongo.TestMongo;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link MongoCourseRepository} against a real MongoDB (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class MongoCourseRepositoryContainerTest extends MongoCourseRepositoryContractTest {
  @Override
  protected TestMongo startMongo() {
    return ContainerTestMongo.start();
  }
}
