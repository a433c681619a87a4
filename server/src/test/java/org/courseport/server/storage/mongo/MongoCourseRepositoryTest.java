package org.courseport.server.storage.mongo;

/** {@link MongoCourseRepository} against the embedded store. */
class MongoCourseRepositoryTest extends MongoCourseRepositoryContractTest {
  @Override
  TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
