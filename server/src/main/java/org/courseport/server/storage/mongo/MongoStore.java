package org.courseport.server.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.server.storage.mongo.course.MongoCourseRepository;
import org.courseport.server.storage.mongo.course.MongoCourseVersionRepository;
import org.courseport.server.storage.mongo.job.MongoImportJobRepository;
import org.courseport.server.storage.mongo.tenant.MongoTenantRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The document store: one MongoDB client, the {@code courseport} database and its repositories. */
public final class MongoStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MongoStore.class);

  public static final String DATABASE = "courseport";
  public static final String COURSES = "courses";
  public static final String COURSE_VERSIONS = "courseVersions";
  public static final String TENANTS = "tenants";
  public static final String API_KEYS = "apiKeys";
  public static final String IMPORT_JOBS = "importJobs";

  private final MongoClient client;
  private final MongoDatabase database;
  private final MongoCourseRepository courses;
  private final MongoCourseVersionRepository versions;
  private final MongoTenantRepository tenants;
  private final MongoImportJobRepository jobs;

  /**
   * Connects to {@code connectionString} (a real MongoDB or {@link EmbeddedMongo}) and creates the
   * indexes, which also checks that the server is reachable. Operations wait at most 10 s for a
   * server unless the string sets {@code serverSelectionTimeoutMS}.
   */
  public MongoStore(String connectionString) {
    this(connectionString, null);
  }

  /**
   * As the other constructor, reporting the driver's commands ({@code mongodb_driver_commands_*})
   * and connection pools ({@code mongodb_driver_pool_*}) to {@code meters} unless it is null.
   */
  public MongoStore(String connectionString, MeterRegistry meters) {
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder()
            .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
            .applyConnectionString(new ConnectionString(connectionString));
    if (meters != null) {
      builder
          .addCommandListener(new MongoMetricsCommandListener(meters))
          .applyToConnectionPoolSettings(
              p -> p.addConnectionPoolListener(new MongoMetricsConnectionPoolListener(meters)));
    }
    MongoClientSettings settings = builder.build();
    this.client = MongoClients.create(settings);
    try {
      this.database = client.getDatabase(DATABASE);
      this.courses = new MongoCourseRepository(database.getCollection(COURSES));
      this.versions = new MongoCourseVersionRepository(database.getCollection(COURSE_VERSIONS));
      this.tenants =
          new MongoTenantRepository(
              database.getCollection(TENANTS), database.getCollection(API_KEYS));
      this.jobs = new MongoImportJobRepository(database.getCollection(IMPORT_JOBS));
      createIndexes();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    log.info("Connected to MongoDB database {}", DATABASE);
  }

  private void createIndexes() {
    courses.createIndexes();
    versions.createIndexes();
    tenants.createIndexes();
    jobs.createIndexes();
  }

  public MongoCourseRepository courses() {
    return courses;
  }

  public MongoCourseVersionRepository versions() {
    return versions;
  }

  public MongoTenantRepository tenants() {
    return tenants;
  }

  public MongoImportJobRepository jobs() {
    return jobs;
  }

  /** Round-trips a {@code ping} command; throws a MongoException when the server is unreachable. */
  public void ping() {
    database.runCommand(new Document("ping", 1));
  }

  /** The database, for other storage classes that keep their own collections in it. */
  public MongoDatabase database() {
    return database;
  }

  @Override
  public void close() {
    client.close();
  }
}
