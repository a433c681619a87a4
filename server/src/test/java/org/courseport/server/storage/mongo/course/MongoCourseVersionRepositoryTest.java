package org.courseport.server.storage.mongo.course;

import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.TestMongo;

/** {@link MongoCourseVersionRepository} against the embedded store. */
class MongoCourseVersionRepositoryTest extends MongoCourseVersionRepositoryContractTest {
  @Override
  protected TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
