package org.courseport.server.storage.mongo.course;

import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.TestMongo;

/** {@link MongoCourseRepository} against the embedded store. */
class MongoCourseRepositoryTest extends MongoCourseRepositoryContractTest {
  @Override
  protected TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
