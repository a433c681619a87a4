package org.courseport.server.storage.mongo;

import org.testcontainers.mongodb.MongoDBContainer;

/** A real MongoDB 7 in a Testcontainers container, stopped on close. */
public final class ContainerTestMongo implements TestMongo {
  public static final String IMAGE = "mongo:7";

  private final MongoDBContainer container;

  private ContainerTestMongo(MongoDBContainer container) {
    this.container = container;
  }

  public static ContainerTestMongo start() {
    MongoDBContainer container = new MongoDBContainer(IMAGE);
    container.start();
    return new ContainerTestMongo(container);
  }

  @Override
  public String connectionString() {
    return container.getConnectionString();
  }

  @Override
  public void close() {
    container.stop();
  }
}
