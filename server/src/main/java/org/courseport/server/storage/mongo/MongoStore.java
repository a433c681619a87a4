package org.courseport.server.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.server.config.StoreConfig;
import org.courseport.server.domain.course.CourseChanges;
import org.courseport.server.storage.mongo.course.MongoCourseRepository;
import org.courseport.server.storage.mongo.course.MongoCourseVersionRepository;
import org.courseport.server.storage.mongo.job.MongoImportJobRepository;
import org.courseport.server.storage.mongo.tenant.MongoCourseEpochs;
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
  private final StoreHealth health;

  /**
   * Connects to {@code connectionString} (a real MongoDB or {@link EmbeddedMongo}) and creates the
   * indexes, which also checks that the server is reachable. Waits as {@link StoreConfig#DEFAULTS}
   * say.
   */
  public MongoStore(String connectionString) {
    this(connectionString, null);
  }

  /**
   * As the other constructor, reporting the driver's commands ({@code mongodb_driver_commands_*})
   * and connection pools ({@code mongodb_driver_pool_*}) to {@code meters} unless it is null.
   */
  public MongoStore(String connectionString, MeterRegistry meters) {
    this(connectionString, meters, StoreConfig.DEFAULTS);
  }

  /**
   * As the other constructors, with the waits of {@code config}: finding a reachable server takes
   * at most {@link StoreConfig#timeout()}, so that requests fail fast while the store is away;
   * opening a connection and a reply at most {@link StoreConfig#socketTimeout()}. At start it waits
   * up to {@link StoreConfig#startupWait()} for the store to answer. Options in the connection
   * string ({@code serverSelectionTimeoutMS}, {@code connectTimeoutMS}, {@code socketTimeoutMS})
   * win over these.
   */
  public MongoStore(String connectionString, MeterRegistry meters, StoreConfig config) {
    this.health = new StoreHealth(this::ping, config.healthInterval());
    int timeoutMs = (int) config.timeout().toMillis();
    int socketMs = (int) config.socketTimeout().toMillis();
    // Any change of the server's state (a request that found the connection closed, the monitor
    // losing or finding the server) makes the health watcher ping at once.
    ClusterListener changes =
        new ClusterListener() {
          @Override
          public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
            health.suspect();
          }
        };
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder()
            .applyToClusterSettings(
                c ->
                    c.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .addClusterListener(changes))
            // The monitor's connections read with the connect timeout: a short one would mark a
            // slow but live server as down, so both use the socket timeout.
            .applyToSocketSettings(
                s ->
                    s.connectTimeout(socketMs, TimeUnit.MILLISECONDS)
                        .readTimeout(socketMs, TimeUnit.MILLISECONDS))
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
      // Every course or version write increments the course epoch of the tenant's keys, which
      // validates the replicas' cached course views (LatestViewCache).
      CourseChanges epochs = new MongoCourseEpochs(database.getCollection(API_KEYS));
      this.courses =
          new MongoCourseRepository(
              database.getCollection(COURSES), database.getCollection(COURSE_VERSIONS), epochs);
      this.versions =
          new MongoCourseVersionRepository(database.getCollection(COURSE_VERSIONS), epochs);
      this.tenants =
          new MongoTenantRepository(
              database.getCollection(TENANTS), database.getCollection(API_KEYS));
      this.jobs = new MongoImportJobRepository(database.getCollection(IMPORT_JOBS));
      awaitReachable(config.startupWait());
      createIndexes();
    } catch (RuntimeException e) {
      health.close();
      client.close();
      throw e;
    }
    log.info("Connected to MongoDB database {}", DATABASE);
  }

  /**
   * Waits (at most {@code wait}) until the store answers a ping, so that a server started together
   * with its MongoDB does not give up after one short server selection. Only "no server answered"
   * is waited out; any other failure (credentials, a refused command) stops the start at once.
   */
  private void awaitReachable(java.time.Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        ping();
        return;
      } catch (com.mongodb.MongoTimeoutException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
        log.info("Waiting for MongoDB to answer: {}", e.getClass().getSimpleName());
      }
    }
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

  /**
   * Whether the store answers (started by the server once it serves; {@link #close()} stops it).
   */
  public StoreHealth health() {
    return health;
  }

  /** The database, for other storage classes that keep their own collections in it. */
  public MongoDatabase database() {
    return database;
  }

  @Override
  public void close() {
    health.close();
    client.close();
  }
}
