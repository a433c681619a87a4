package org.courseport.server.storage.mongo;

/** A MongoDB server that contract tests run against: embedded or in a container. */
public interface TestMongo extends AutoCloseable {
  String connectionString();

  @Override
  void close() throws Exception;
}
