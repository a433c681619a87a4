package org.courseport.server.storage.mongo.lesson;

import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.TestMongo;

/** {@link LessonsOnMongoContractTest} against the embedded store. */
class LessonsOnMongoTest extends LessonsOnMongoContractTest {
  @Override
  protected TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }
}
