package org.courseport.server.storage.mongo;

/** {@link MongoCourseVersionRepository} against the embedded store. */
class MongoCourseVersionRepositoryTest extends MongoCourseVersionRepositoryContractTest {
  @Override
  TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
