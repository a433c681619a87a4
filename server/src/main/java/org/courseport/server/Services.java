package org.courseport.server;

import io.grpc.BindableService;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.courseport.server.auth.SecretHasher;
import org.courseport.server.config.LaunchConfig;
import org.courseport.server.config.RecoverySettings;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.content.ContentOrigin;
import org.courseport.server.domain.Checkpoints;
import org.courseport.server.domain.authoring.CourseAuthoring;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.catalog.LatestViewCache;
import org.courseport.server.domain.contentexport.CatalogCourseDirectory;
import org.courseport.server.domain.contentexport.ContentExportWorker;
import org.courseport.server.domain.contentexport.ContentExports;
import org.courseport.server.domain.course.CourseDeletionListener;
import org.courseport.server.domain.courseexport.CourseExportDesk;
import org.courseport.server.domain.coursepackage.JobWaiter;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.domain.coursepackage.PackageApiSettings;
import org.courseport.server.domain.coursepackage.PackageCatalog;
import org.courseport.server.domain.coursepackage.PackageExtrasCleanup;
import org.courseport.server.domain.coursepackage.PresignedUploads;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.domain.coursepackage.TenantDirectory;
import org.courseport.server.domain.coursepackage.UploadAwareBlobStore;
import org.courseport.server.domain.coursepackage.UploadSignatures;
import org.courseport.server.domain.coursepackage.UploadStaging;
import org.courseport.server.domain.delivery.WebhookEndpoint;
import org.courseport.server.domain.delivery.WebhookEndpoints;
import org.courseport.server.domain.job.ImportJobListener;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.launch.DefaultLaunchSessions;
import org.courseport.server.domain.launch.DefaultLaunchTokens;
import org.courseport.server.domain.launch.LaunchCleanup;
import org.courseport.server.domain.launch.LaunchDataCleanup;
import org.courseport.server.domain.launch.LaunchSessions;
import org.courseport.server.domain.launch.LaunchTokens;
import org.courseport.server.domain.launch.ScoCatalog;
import org.courseport.server.domain.lesson.ContentSchema;
import org.courseport.server.domain.lesson.EmbedProviders;
import org.courseport.server.domain.lesson.LessonCatalog;
import org.courseport.server.domain.lesson.LessonContent;
import org.courseport.server.domain.lesson.Lessons;
import org.courseport.server.domain.lesson.PublishCheckpoint;
import org.courseport.server.domain.lessonexport.ExportLinks;
import org.courseport.server.domain.lessonexport.LessonExporter;
import org.courseport.server.domain.lessonexport.LibraryExportSources;
import org.courseport.server.domain.lessonimport.LessonBundleImporter;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.MediaLimits;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.domain.ratelimit.KeyRateLimiter;
import org.courseport.server.domain.ratelimit.RateLimits;
import org.courseport.server.domain.settings.SettingsCascade;
import org.courseport.server.domain.settings.SettingsRegistry;
import org.courseport.server.domain.settings.SettingsService;
import org.courseport.server.domain.tenant.TenantAdmin;
import org.courseport.server.domain.tenant.TenantPlans;
import org.courseport.server.domain.tenant.TenantRepository;
import org.courseport.server.export.CourseExports;
import org.courseport.server.export.PackageWriter;
import org.courseport.server.export.cc.CommonCartridgeWriter;
import org.courseport.server.export.cc.CourseFilesZipWriter;
import org.courseport.server.export.cc.QtiExportWriter;
import org.courseport.server.export.core.BlobReferences;
import org.courseport.server.export.core.BuildAwareBlobStore;
import org.courseport.server.export.core.DefaultCourseExports;
import org.courseport.server.export.core.ExportBuildCleanup;
import org.courseport.server.export.core.ExportDownloads;
import org.courseport.server.export.core.PackageVerifier;
import org.courseport.server.export.core.SnapshotLoader;
import org.courseport.server.export.imported.ImportedPackageWriter;
import org.courseport.server.export.scorm.AuthoredScormWriter;
import org.courseport.server.export.web.LessonRenderer;
import org.courseport.server.export.zip.DeterministicZipAssembler;
import org.courseport.server.grpc.admin.AdminGrpcService;
import org.courseport.server.grpc.authoring.AuthoringGrpcService;
import org.courseport.server.grpc.course.CourseGrpcService;
import org.courseport.server.grpc.course.ImportResultJson;
import org.courseport.server.grpc.coursepackage.PackageGrpcService;
import org.courseport.server.grpc.export.ContentExportRpcs;
import org.courseport.server.grpc.export.ExportGrpcService;
import org.courseport.server.grpc.lesson.LessonGrpcService;
import org.courseport.server.grpc.media.MediaGrpcService;
import org.courseport.server.grpc.webhook.WebhookGrpcService;
import org.courseport.server.jobs.ImportCheckpoints;
import org.courseport.server.jobs.ImportRunner;
import org.courseport.server.jobs.ImportWorker;
import org.courseport.server.launch.Launches;
import org.courseport.server.metrics.ImportMetrics;
import org.courseport.server.metrics.MeteredCourseExports;
import org.courseport.server.metrics.QueueGauges;
import org.courseport.server.metrics.ServerMetrics;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.FetchOptions;
import org.courseport.server.net.GuardedHttpFetcher;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.UrlGuard;
import org.courseport.server.packaging.ManifestInspector;
import org.courseport.server.packaging.PackageFiles;
import org.courseport.server.packaging.StoredPackageInspector;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.player.ManifestLaunchPlans;
import org.courseport.server.player.PlayerPage;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.blob.GridFsBlobStore;
import org.courseport.server.storage.blob.GridFsUploadStaging;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoQueueProbe;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.authoring.MongoAuthoredCourseRecords;
import org.courseport.server.storage.mongo.authoring.MongoCourseJobRepository;
import org.courseport.server.storage.mongo.contentexport.MongoContentExportRepository;
import org.courseport.server.storage.mongo.contentexport.MongoGroupRepository;
import org.courseport.server.storage.mongo.contentexport.MongoTokenKey;
import org.courseport.server.storage.mongo.contentexport.MongoUserRepository;
import org.courseport.server.storage.mongo.courseexport.MongoExportDownloads;
import org.courseport.server.storage.mongo.courseexport.MongoSharedCourses;
import org.courseport.server.storage.mongo.coursepackage.MongoPackageExtrasRepository;
import org.courseport.server.storage.mongo.coursepackage.MongoQuotaOverrides;
import org.courseport.server.storage.mongo.coursepackage.MongoQuotaUsage;
import org.courseport.server.storage.mongo.coursepackage.MongoResumableUploadRepository;
import org.courseport.server.storage.mongo.coursepackage.MongoSigningKeyRepository;
import org.courseport.server.storage.mongo.coursepackage.MongoTenantDirectory;
import org.courseport.server.storage.mongo.coursepackage.MongoUploadRepository;
import org.courseport.server.storage.mongo.delivery.MongoDeliveryRepository;
import org.courseport.server.storage.mongo.delivery.MongoWebhookEndpointRepository;
import org.courseport.server.storage.mongo.delivery.SecretSealer;
import org.courseport.server.storage.mongo.delivery.ServerKeys;
import org.courseport.server.storage.mongo.export.MongoExportBuilds;
import org.courseport.server.storage.mongo.export.MongoExportSourceKeys;
import org.courseport.server.storage.mongo.launch.MongoCourseSharing;
import org.courseport.server.storage.mongo.launch.MongoLaunchSessions;
import org.courseport.server.storage.mongo.launch.MongoLaunchTokens;
import org.courseport.server.storage.mongo.launch.MongoStatements;
import org.courseport.server.storage.mongo.lesson.MongoContentReferences;
import org.courseport.server.storage.mongo.lesson.MongoLessonMediaReferences;
import org.courseport.server.storage.mongo.lesson.MongoLessonRepository;
import org.courseport.server.storage.mongo.lessonexport.MongoExportCache;
import org.courseport.server.storage.mongo.media.MongoMediaRepository;
import org.courseport.server.storage.mongo.media.MongoWidgetRepository;
import org.courseport.server.storage.mongo.settings.MongoSettingsRepository;
import org.courseport.server.webhooks.DeliveryEngine;
import org.courseport.server.webhooks.ImportPostbacks;
import org.courseport.server.webhooks.PlainHttpRule;
import org.courseport.server.webhooks.PostbackNotifier;
import org.courseport.server.webhooks.PostbackSender;
import org.courseport.server.webhooks.ProcessingEvents;
import org.courseport.server.webhooks.RegistrationPostbacks;
import org.courseport.server.webhooks.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: storage, domain services and gRPC adapters, wired once. */
public final class Services implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Services.class);

  private final ContentExportWorker contentExportWorker;
  private final DeterministicZipAssembler exportAssembler;
  private final EmbeddedMongo embedded;
  private final ServerMetrics metrics;
  private final MongoStore store;
  private final BlobStore blobs;
  private GridFsBlobStore gridFsBlobs; // when COURSEPORT_BLOB_STORE=gridfs
  private final SecretHasher hasher = new SecretHasher();
  private final ImportWorker worker;
  private final List<BindableService> bindables;
  private final MultipartUploads multipartUploads;
  private final Quotas quotas;
  private final PresignedUploads presignedUploads;
  private final java.time.Duration uploadRetention;
  private final ScheduledExecutorService housekeeping =
      Executors.newScheduledThreadPool(2, r -> daemon(r, "housekeeping"));
  private final SettingsService settings;
  private final PinnedHttpClient http;
  private final ImportService imports;
  private final ScheduledExecutorService deliveryThreads =
      Executors.newScheduledThreadPool(2, r -> daemon(r, "deliveries"));
  private final DeliveryEngine deliveries;
  private final int workerCount;
  private final TenantDirectory tenantDirectory;
  private final Lessons lessons;
  private final MediaCatalog media;
  private final ExecutorService authoringThreads =
      Executors.newFixedThreadPool(2, r -> daemon(r, "course-authoring"));
  private final CourseAuthoring authoring;
  private final CourseExports courseExports;
  private final TenantPlans tenantPlans;
  private final TenantAdmin tenantAdmin;
  private volatile boolean closing;
  private volatile int httpPort = 8080;
  private volatile int contentPort = 8081;
  private final LaunchConfig launchConfig;
  private final LaunchTokens launchTokens;
  private final MongoLaunchTokens launchTokenRepo;
  private final Clock clock;
  private final RateLimits rateLimits;
  private final KeyRateLimiter keyRateLimiter;
  private final DefaultLaunchSessions launchSessions;
  private final ManifestLaunchPlans launchPlans;
  private final Launches launches;
  private final ZipLimits zipLimits;
  private final RecoverySettings recovery;
  private final Duration contentExportPoll;

  /** The import attempts' checkpoints; {@link ImportCheckpoints#NONE} unless a test sets one. */
  private volatile ImportCheckpoints importCheckpoints = ImportCheckpoints.NONE;

  private Services(
      ServerConfig config,
      Clock clock,
      EmbeddedMongo embedded,
      MongoStore store,
      ServerMetrics metrics)
      throws IOException {
    this.clock = clock;
    this.metrics = metrics;
    this.rateLimits = RateLimits.fromEnvironment(config.environment());
    this.keyRateLimiter = store.tenants().keyRateLimiter(clock);
    QueueGauges.register(
        metrics.registry(), new MongoQueueProbe(store.database()), clock, Duration.ofSeconds(5));
    this.embedded = embedded;
    this.store = store;
    this.workerCount = config.importWorkers();
    Path dataDir = config.dataDir();
    this.recovery = RecoverySettings.fromEnvironment(config.environment());
    // Crash tests only (COURSEPORT_TEST_HOLD_AT): the named point where work waits to be killed.
    Checkpoints testHolds = Checkpoints.fromEnvironment(config.environment(), log::warn);
    this.contentExportPoll = recovery.contentExportPoll();
    removeLeftoverTempFiles(dataDir.resolve("tmp"));
    MongoUploadRepository uploadSlots = new MongoUploadRepository(store.database());
    MongoExportBuilds exportBuilds = new MongoExportBuilds(store.database());
    MongoExportSourceKeys exportSourceKeys = new MongoExportSourceKeys(store.database(), clock);
    MongoExportDownloads exportDownloads = new MongoExportDownloads(store.database());
    MongoContentExportRepository contentExportJobs =
        new MongoContentExportRepository(store.database());
    // Export builds and live download URLs count as blob references on every collection path.
    this.blobs =
        new BuildAwareBlobStore(
            new UploadAwareBlobStore(baseBlobStore(config, store, clock), uploadSlots),
            (BlobReferences)
                blobId ->
                    exportBuilds.isBlobReferenced(blobId)
                        || exportDownloads.isBlobReferenced(blobId)
                        || contentExportJobs.isBlobReferenced(blobId));
    MongoMediaRepository mediaRecords = new MongoMediaRepository(store.database());
    MongoWidgetRepository widgetRecords = new MongoWidgetRepository(store.database());
    BlobReferences exportBlobUsers =
        blobId ->
            store.versions().isBlobReferenced(blobId)
                || store.jobs().isBlobReferenced(blobId)
                || mediaRecords.anyWithSha256(blobId)
                || widgetRecords.anyWithSha256(blobId);
    ZipLimits zipLimits = ZipLimits.fromEnvironment(System.getenv());
    this.zipLimits = zipLimits;
    // Launch and preview (docs/launch.md): tokens, sessions, statements, sharing, plans.
    this.launchConfig = LaunchConfig.fromEnvironment(config.environment());
    this.launchPlans = new ManifestLaunchPlans(blobs, zipLimits);
    MongoLaunchSessions launchSessionRepo = new MongoLaunchSessions(store.database());
    MongoStatements statementRepo = new MongoStatements(store.database());
    this.launchTokenRepo = new MongoLaunchTokens(store.database());
    MongoCourseSharing sharingRepo = new MongoCourseSharing(store.database());
    this.launchTokens =
        new DefaultLaunchTokens(launchTokenRepo, launchConfig.playerSessionTtl(), clock);
    PackageInspector inspector =
        new StoredPackageInspector(
            zipLimits,
            new ManifestInspector(
                new InspectionLimits(
                    zipLimits.maxXmlBytes(),
                    InspectionLimits.DEFAULT.maxElementDepth(),
                    InspectionLimits.DEFAULT.maxXsdFindings())));
    this.settings =
        new SettingsService(
            SettingsRegistry.builtin(), new MongoSettingsRepository(store.database(), clock));
    MongoPackageExtrasRepository extras = new MongoPackageExtrasRepository(store.database());
    LatestViewCache courseViews =
        LatestViewCache.of(config.courseViewCacheEntries(), LatestViewCache.DEFAULT_MAX_AGE);
    for (String result : List.of("hit", "miss")) {
      FunctionCounter.builder(
              "courseport.course.view.cache",
              courseViews,
              c -> result.equals("hit") ? c.hits() : c.misses())
          .tag("result", result)
          .description("GetCourse reads of a latest view: answered by the replica's cache, or not")
          .register(metrics.registry());
    }
    CourseCatalog catalog =
        new CourseCatalog(
            store.courses(),
            store.versions(),
            store.jobs(),
            blobs,
            List.of(
                new SettingsCascade(settings),
                new PackageExtrasCleanup(extras),
                new CourseDeletionListener() {
                  // A deleted course's download URLs stop working (404) before its builds go.
                  @Override
                  public void courseDeleted(String tenantId, String courseId) {
                    exportDownloads.revokeAllOfCourse(tenantId, courseId, clock.instant());
                  }

                  @Override
                  public void versionDeleted(String tenantId, String courseId, int version) {}
                },
                new ExportBuildCleanup(exportBuilds, blobs, exportBlobUsers, exportSourceKeys),
                new LaunchDataCleanup(launchSessionRepo, statementRepo),
                new LaunchCleanup(sharingRepo, launchTokenRepo)),
            clock,
            courseViews);
    UrlGuard guard = new UrlGuard(AddressPolicy.fromConfig(config));
    this.http = new PinnedHttpClient(Duration.ofSeconds(10));
    GuardedHttpFetcher fetcher =
        new GuardedHttpFetcher(guard, http, FetchOptions.fromConfig(config));
    MongoDeliveryRepository deliveryLog = new MongoDeliveryRepository(store.database());
    MongoWebhookEndpointRepository endpoints =
        new MongoWebhookEndpointRepository(
            store.database(),
            new SecretSealer(
                ServerKeys.webhookSecretKey(config.delivery().secretKey(), store.database())));
    PlainHttpRule https = new PlainHttpRule(config.delivery().plainHttpHosts());
    this.deliveries =
        new DeliveryEngine(
                deliveryLog,
                guard,
                https,
                http,
                (tenant, endpoint) -> endpoints.find(tenant, endpoint).map(WebhookEndpoint::secret),
                new RetryPolicy(
                    config.delivery().maxAttempts(),
                    Duration.ofSeconds(1),
                    2.0,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(30)),
                clock,
                () -> ThreadLocalRandom.current().nextDouble(),
                deliveryThreads)
            .meterRegistry(metrics.registry())
            .leaseDuration(recovery.deliveryLease());
    WebhookEndpoints webhooks =
        new WebhookEndpoints(
            endpoints,
            deliveryLog,
            deliveries,
            url -> {
              String checked = https.check(url);
              guard.resolve(checked); // the SSRF guard, already at registration
              return checked;
            },
            clock);
    this.launchSessions =
        new DefaultLaunchSessions(
            launchSessionRepo,
            statementRepo,
            (tenant, course, version) ->
                store
                    .versions()
                    .find(tenant, course, version)
                    .map(launchPlans::planFor)
                    .map(
                        plan ->
                            new ScoCatalog.Layout(
                                plan.title(),
                                plan.launchable().stream()
                                    .map(i -> new ScoCatalog.Item(i.id(), i.title(), i.sco()))
                                    .toList())),
            clock,
            new RegistrationPostbacks(settings, deliveries));
    ImportJobListener postbacks =
        new PostbackNotifier(
            catalog,
            new ImportPostbacks(settings, new PostbackSender(deliveries)),
            ImportResultJson::print);
    ImportJobListener events = new ProcessingEvents(catalog, webhooks, clock);
    JobWaiter waiter = new JobWaiter();
    ImportWorker[] holder = new ImportWorker[1];
    this.imports =
        new ImportService(
            store.courses(),
            store.jobs(),
            blobs,
            clock,
            config.maxUploadBytes(),
            () -> holder[0].wake());
    ImportRunner runner =
        new ImportRunner(
            store.courses(),
            store.versions(),
            store.jobs(),
            blobs,
            inspector,
            url -> fetcher.fetchToStore(url, blobs).blobId(),
            clock,
            (point, job) -> {
              importCheckpoints.reached(point, job);
              testHolds.reached(point.checkpointName());
            });
    this.worker =
        new ImportWorker(
            store.jobs(),
            runner,
            List.of(postbacks, events, waiter, new ImportMetrics(metrics.registry(), blobs)),
            clock,
            config.importTimeBudget(),
            recovery.importLease());
    holder[0] = worker;
    PackageApiSettings packageSettings = PackageApiSettings.fromEnvironment(config.environment());
    this.launches =
        new Launches(
            catalog,
            settings,
            launchPlans,
            launchTokens,
            launchSessions,
            statementRepo,
            sharingRepo,
            this::contentBaseUrl,
            () ->
                packageSettings.publicBaseUrl() != null
                    ? packageSettings.publicBaseUrl().replaceAll("/+$", "")
                    : "http://localhost:" + httpPort,
            launchConfig.launchLinkTtl(),
            100,
            clock);
    this.tenantDirectory = new MongoTenantDirectory(store.database());
    Quotas quotas =
        new Quotas(
            catalog,
            new MongoQuotaUsage(store.database()),
            new MongoQuotaOverrides(store.database()),
            new org.courseport.server.storage.mongo.coursepackage.MongoQuotaReservations(
                store.database()),
            clock,
            packageSettings.maxPackages(),
            packageSettings.maxStoredBytes());
    quotas.reservationLease(recovery.quotaReservationLease());
    this.quotas = quotas;
    // SCORM Cloud uploads and fetches are held to the same quotas as the Allure API.
    imports.quota(quotas).checkpoints(testHolds);
    runner.quota(quotas);
    PresignedUploads uploads =
        new PresignedUploads(
            uploadSlots,
            new UploadSignatures(
                new MongoSigningKeyRepository(store.database()),
                Optional.ofNullable(packageSettings.signingKey())
                    .map(UploadSignatures::configuredKey),
                packageSettings.keyRotation(),
                packageSettings.urlLifetime(),
                clock),
            blobs,
            packageSettings,
            () ->
                packageSettings.publicBaseUrl() != null
                    ? packageSettings.publicBaseUrl().replaceAll("/+$", "")
                    : "http://localhost:" + httpPort,
            quotas,
            clock);
    uploads.claimLease(recovery.uploadClaimLease());
    this.presignedUploads = uploads;
    this.uploadRetention = PackageApiSettings.uploadRetentionFrom(config.environment());
    this.multipartUploads =
        new MultipartUploads(
            uploadSlots,
            uploads.signatures(),
            blobs,
            packageSettings,
            uploads.baseUrl(),
            quotas,
            dataDir.resolve("multipart"),
            MultipartUploads.partSizeFrom(config.environment()),
            MultipartUploads.lifetimeFrom(config.environment()),
            clock);
    multipartUploads.claimLease(recovery.uploadClaimLease());
    multipartUploads.orphanAge(MultipartUploads.orphanAgeFrom(config.environment()));
    multipartUploads.checkpoints(testHolds);
    // With GridFS blobs (replicas sharing no disk) parts and resumable bytes live in GridFS too.
    UploadStaging uploadStaging =
        gridFsBlobs == null ? null : new GridFsUploadStaging(store.database(), clock);
    multipartUploads.staging(uploadStaging);
    int partTemps = multipartUploads.removeLeftoverPartTemps();
    if (partTemps > 0) {
      log.info("Removed {} leftover temp file(s) of part PUTs", partTemps);
    }
    PackageCatalog packages =
        new PackageCatalog(
            catalog,
            imports,
            waiter,
            inspector,
            blobs,
            uploads,
            extras,
            tenantDirectory,
            packageSettings,
            quotas,
            clock);
    this.tenantPlans =
        new TenantPlans(
            store.tenants(),
            org.courseport.server.auth.Bootstrap.DEFAULT_TENANT,
            TenantPlans.defaultPlanFrom(config.environment()));
    this.tenantAdmin =
        new TenantAdmin(
            store.tenants(),
            hasher::hash,
            SecretHasher::generateKeyId,
            SecretHasher::generateSecret,
            TenantAdmin.graceFrom(config.environment()),
            clock);
    PackageGrpcService packageService =
        new PackageGrpcService(
            packages,
            uploads,
            multipartUploads,
            new ResumableUploads(
                    uploadSlots,
                    new MongoResumableUploadRepository(store.database()),
                    blobs,
                    quotas,
                    dataDir.resolve("multipart"),
                    MultipartUploads.lifetimeFrom(config.environment()),
                    ResumableUploads.DEFAULT_CHECKPOINT_BYTES,
                    clock)
                .staging(uploadStaging)
                .writeLease(ResumableUploads.writeLeaseFrom(config.environment())),
            quotas,
            tenantDirectory,
            packageSettings.adminToken(),
            config.pageSize(),
            tenantPlans,
            launches);
    this.lessons =
        new Lessons(
            new MongoLessonRepository(store.database()),
            new MongoContentReferences(store.database()),
            new LessonContent(
                ContentSchema.bundled(), EmbedProviders.fromEnvironment(config.environment())),
            clock,
            PublishCheckpoint.NONE);
    // Unchanged-course export answers are keyed without lesson content: drop them when a lesson
    // goes, so that a course made from it is planned (and refused) again.
    lessons.onDeleted((tenant, lesson) -> exportSourceKeys.forgetTenant(tenant));
    this.media =
        new MediaCatalog(
            mediaRecords,
            widgetRecords,
            blobs,
            url -> {
              java.net.URI uri = UrlGuard.parse(url);
              guard.resolve(uri); // the SSRF guard's rules at registration; fetched at export
              return uri.toString();
            },
            new MongoLessonMediaReferences(store.database()),
            MediaLimits.fromEnvironment(config.environment(), config.maxUploadBytes()),
            clock);
    MongoAuthoredCourseRecords authoredCourses = new MongoAuthoredCourseRecords(store.database());
    LibraryExportSources exportSources =
        new LibraryExportSources(lessons, ContentSchema.bundled(), media);
    this.authoring =
        new CourseAuthoring(
            lessons,
            new MongoCourseJobRepository(store.database()),
            store.courses(),
            store.versions(),
            authoredCourses,
            url -> {
              String checked = https.check(url);
              guard.resolve(checked); // the SSRF guard, already when the job is accepted
              return checked;
            },
            deliveries,
            (tenant, url) ->
                endpoints.list(tenant, 0, 1000).stream()
                    .filter(e -> e.url().equals(url))
                    .map(WebhookEndpoint::endpointId)
                    .findFirst(),
            uploads.baseUrl(),
            authoringThreads,
            clock);
    authoring.quota(quotas); // LearningStudio's course creation: the package quota
    authoring.staleAfter(recovery.courseJobStale()).checkpoints(testHolds);
    // Course exports (LearningStudio export, Canvas content exports).
    // External media downloaded for an export are deleted after it unless something uses them.
    ExportDownloads exportMedia =
        new ExportDownloads(
            url -> fetcher.fetchToStore(url, blobs).blobId(), blobs, exportBlobUsers);
    LessonRenderer lessonPages = new LessonRenderer(exportSources, exportMedia, blobs);
    // Asked in order; the first that supports the course and format writes it.
    List<PackageWriter> exportWriters =
        List.of(
            new AuthoredScormWriter(lessonPages),
            new CommonCartridgeWriter(lessonPages),
            new QtiExportWriter(),
            new CourseFilesZipWriter(lessonPages),
            new ImportedPackageWriter(blobs, zipLimits));
    // Deterministic zips, deflated on all cores; its pool's threads are daemons.
    this.exportAssembler = new DeterministicZipAssembler(blobs);
    CourseExports builtExports =
        new DefaultCourseExports(
            new SnapshotLoader(store.courses(), store.versions(), authoredCourses, exportSources),
            exportWriters,
            this.exportAssembler,
            new PackageVerifier(blobs, inspector, zipLimits),
            exportBuilds,
            blobs,
            exportBlobUsers,
            clock,
            exportSourceKeys);
    this.courseExports =
        new MeteredCourseExports(
            (tenant, course, options, progress) ->
                exportMedia.during(() -> builtExports.export(tenant, course, options, progress)),
            metrics.registry());
    // Canvas content exports: jobs claimed through MongoDB with a renewed lease.
    ContentExports contentExports =
        new ContentExports(
            contentExportJobs,
            new MongoGroupRepository(store.database()),
            new MongoUserRepository(store.database()),
            new CatalogCourseDirectory(store.courses()),
            blobs,
            new MongoTokenKey(store.database()),
            uploads.baseUrl(),
            clock);
    this.contentExportWorker =
        new ContentExportWorker(
            contentExports,
            contentExportJobs,
            courseExports,
            blobs,
            2,
            recovery.contentExportLease(),
            clock);
    this.bindables =
        List.of(
            new AuthoringGrpcService(authoring),
            packageService::definition,
            new CourseGrpcService(
                catalog,
                imports,
                inspector,
                blobs,
                settings,
                new PackageFiles(zipLimits),
                dataDir.resolve("tmp"),
                config.maxUploadBytes(),
                config.pageSize(),
                launches),
            new WebhookGrpcService(webhooks),
            new AdminGrpcService(tenantAdmin, tenantDirectory, quotas, tenantPlans),
            new LessonGrpcService(
                lessons,
                config.pageSize(),
                new LessonBundleImporter(lessons, media),
                zipLimits,
                config.maxUploadBytes(),
                dataDir.resolve("tmp")),
            new MediaGrpcService(media),
            new ExportGrpcService(
                new LessonExporter(
                    exportSources,
                    url -> fetcher.fetchToStore(url, blobs).blobId(),
                    blobs,
                    new MongoExportCache(store.database()),
                    clock),
                new ExportLinks(
                    new UploadSignatures(
                        new MongoSigningKeyRepository(store.database(), "lessonExportSigningKeys"),
                        Optional.empty(),
                        packageSettings.keyRotation(),
                        ExportLinks.LIFETIME,
                        clock),
                    uploads.baseUrl(),
                    clock),
                new CourseExportDesk(
                    courseExports,
                    store.courses(),
                    exportDownloads,
                    new MongoSharedCourses(store.database()),
                    tenantPlans,
                    url -> {
                      String checked = https.check(url);
                      guard.resolve(checked); // the SSRF guard, already when asked
                      return checked;
                    },
                    deliveries,
                    (tenant, url) ->
                        endpoints.list(tenant, 0, 1000).stream()
                            .filter(e -> e.url().equals(url))
                            .map(WebhookEndpoint::endpointId)
                            .findFirst(),
                    blobs,
                    uploads.baseUrl(),
                    clock),
                new ContentExportRpcs(contentExports, packageSettings::publicBaseUrl),
                launches));
  }

  /**
   * The blob store COURSEPORT_BLOB_STORE selects: the data directory's files, or GridFS in the
   * database (for replicas that share no disk; see docs/replicas.md).
   */
  private BlobStore baseBlobStore(ServerConfig config, MongoStore store, Clock clock)
      throws IOException {
    if (config.blobStore() == ServerConfig.BlobStoreKind.GRIDFS) {
      GridFsBlobStore gridFs = new GridFsBlobStore(store.database(), clock);
      this.gridFsBlobs = gridFs;
      return gridFs;
    }
    return new FileSystemBlobStore(config.dataDir());
  }

  /** Opens the store (embedded when no MONGODB_URI) and wires everything. */
  public static Services create(ServerConfig config, Clock clock) throws IOException {
    EmbeddedMongo embedded =
        config.mongoUri() == null
            ? EmbeddedMongo.start(
                config.dataDir(), config.embeddedFsync(), config.embeddedMongoPort())
            : null;
    String uri = embedded == null ? config.mongoUri() : embedded.connectionString();
    ServerMetrics metrics = new ServerMetrics();
    MongoStore store;
    try {
      store =
          new MongoStore(
              uri,
              metrics.registry(),
              org.courseport.server.config.StoreConfig.fromEnvironment(config.environment()));
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    try {
      return new Services(config, clock, embedded, store, metrics);
    } catch (IOException | RuntimeException e) {
      metrics.close();
      store.close();
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public SettingsService settings() {
    return settings;
  }

  void startWorkers() {
    worker.start(workerCount);
    sweep(this::purge, Duration.ofMinutes(1), Duration.ofMinutes(60));
    sweep(this::sweepMultipart, Duration.ofMinutes(10), Duration.ofMinutes(10));
    sweep(this::sweepLaunchTokens, Duration.ofMinutes(20), Duration.ofMinutes(60));
    sweep(this::sweepUploads, Duration.ofMinutes(15), Duration.ofMinutes(60));
    if (gridFsBlobs != null) {
      sweep(this::sweepGridFs, Duration.ofMinutes(5), Duration.ofHours(6));
    }
    deliveries.start(Duration.ofSeconds(5));
    housekeeping.scheduleWithFixedDelay(this::resumeCourseJobs, 0, 1, TimeUnit.MINUTES);
    contentExportWorker.start(contentExportPoll);
  }

  /**
   * Schedules a sweeper: first after its delay (or the configured first run), then every period.
   */
  private void sweep(Runnable sweeper, Duration first, Duration period) {
    housekeeping.scheduleWithFixedDelay(
        sweeper, recovery.firstRun(first).toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Removes the temp files (uploads being validated, lesson bundles being imported) a process
   * killed mid-request left in {@code dir}; nothing refers to them. As with the blob store's temp
   * files, a data directory belongs to one server process at a time.
   */
  private static void removeLeftoverTempFiles(Path dir) throws IOException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return;
    }
    int removed = 0;
    try (java.nio.file.DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.deleteIfExists(file)) {
          removed++;
        }
      }
    }
    if (removed > 0) {
      log.info("Removed {} leftover temp file(s) from {}", removed, dir);
    }
  }

  private void purge() {
    try {
      long n = imports.purgeExpired();
      if (n > 0) {
        log.info("Deleted {} import jobs that ended more than a week ago", n);
      }
      long d = deliveries.purgeEndedBefore(Duration.ofDays(30));
      if (d > 0) {
        log.info("Deleted {} deliveries that ended more than 30 days ago", d);
      }
    } catch (RuntimeException e) {
      log.warn("Purging expired import jobs failed", e);
    }
  }

  /** Starts course creation jobs left pending, or left running by a process that died. */
  private void resumeCourseJobs() {
    try {
      authoring.resumePending();
    } catch (RuntimeException e) {
      log.warn("Resuming course creation jobs failed", e);
    }
  }

  /** Removes uploads kept past their retention, and the bytes only they held. */
  int sweepUploads() {
    try {
      int n =
          presignedUploads.sweepExpired(
              uploadRetention,
              blobId ->
                  store.versions().isBlobReferenced(blobId)
                      || store.jobs().isBlobReferenced(blobId));
      if (n > 0) {
        log.info("Removed {} uploads kept past their retention", n);
      }
      return n;
    } catch (RuntimeException e) {
      log.warn("Sweeping expired uploads failed", e);
      return 0;
    }
  }

  /** GridFS uploads abandoned by a process that died (a day old: others may be in progress). */
  private void sweepGridFs() {
    try {
      gridFsBlobs.sweepAbandoned(Duration.ofDays(1));
    } catch (RuntimeException e) {
      log.warn("Sweeping abandoned GridFS uploads failed", e);
    }
  }

  /** Expired launch tokens go a day after they expired (an expired link still answers 410). */
  private void sweepLaunchTokens() {
    try {
      long n = launchTokenRepo.deleteExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
      if (n > 0) {
        log.info("Removed {} launch tokens that expired more than a day ago", n);
      }
    } catch (RuntimeException e) {
      log.warn("Sweeping expired launch tokens failed", e);
    }
  }

  private void sweepMultipart() {
    try {
      int n = multipartUploads.sweep();
      if (n > 0) {
        log.info("Removed the parts of {} multipart uploads that expired uncompleted", n);
      }
    } catch (RuntimeException e) {
      log.warn("Sweeping expired multipart uploads failed", e);
    }
  }

  /** The port of the HTTP front, once it listens (default presigned URL base). */
  void useHttpPort(int port) {
    httpPort = port;
  }

  /** The port the content origin listens on, once it does (default content base URL). */
  void useContentPort(int port) {
    contentPort = port;
  }

  /** The content origin's public base URL, without a trailing slash. */
  public String contentBaseUrl() {
    return launchConfig.contentPublicBaseUrl() != null
        ? launchConfig.contentPublicBaseUrl()
        : "http://localhost:" + contentPort;
  }

  /** A content origin over these services, not started. */
  ContentOrigin contentOrigin(java.net.InetSocketAddress listen, Clock clock) {
    return new ContentOrigin(
        listen,
        launchConfig,
        launchTokens,
        launchSessions,
        launchPlans,
        grant -> store.versions().find(grant.tenantId(), grant.courseId(), grant.version()),
        blobs,
        zipLimits,
        PlayerPage::render,
        clock);
  }

  /** Launch sessions (tracked launches and their run-time data). */
  public LaunchSessions launchSessions() {
    return launchSessions;
  }

  /** Launch links, sessions, statements and sharing. */
  public Launches launches() {
    return launches;
  }

  /** Tenants' public UUIDs (the Allure API's tenant_id). */
  public TenantDirectory tenantDirectory() {
    return tenantDirectory;
  }

  /** Published lesson versions (read by the lesson export). */
  public LessonCatalog lessonCatalog() {
    return lessons;
  }

  public TenantRepository tenants() {
    return store.tenants();
  }

  /** Tenants' plans (free or paid; the LearningStudio export needs paid). */
  public TenantAdmin tenantAdmin() {
    return tenantAdmin;
  }

  /** The clock every service was wired with. */
  public Clock clock() {
    return clock;
  }

  public TenantPlans tenantPlans() {
    return tenantPlans;
  }

  public SecretHasher hasher() {
    return hasher;
  }

  /** The media library and widgets (read side: {@link MediaCatalog} is a MediaLibrary). */
  public MediaCatalog media() {
    return media;
  }

  /** Course exports (the LearningStudio and Canvas export routes). */
  public CourseExports courseExports() {
    return courseExports;
  }

  /** The tenant quotas (their reservations' test hook included). */
  public Quotas quotas() {
    return quotas;
  }

  public MultipartUploads multipartUploads() {
    return multipartUploads;
  }

  /**
   * For tests: the checkpoints every import attempt passes from now on, where a test holds an
   * import at a named step (with latches) to drive one interleaving through the real servers.
   */
  public void importCheckpoints(ImportCheckpoints checkpoints) {
    this.importCheckpoints = checkpoints == null ? ImportCheckpoints.NONE : checkpoints;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public MongoStore store() {
    return store;
  }

  /** The metrics registry (Prometheus) every part of this server reports to. */

  /** The per-key rate limiter counting in the key documents, with the key read (one round trip). */
  public KeyRateLimiter keyRateLimiter() {
    return keyRateLimiter;
  }

  /** The configured rate limits ({@code COURSEPORT_RATE_LIMITS}). */
  public RateLimits rateLimits() {
    return rateLimits;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  List<BindableService> bindables() {
    return bindables;
  }

  boolean closing() {
    return closing;
  }

  void markClosing() {
    closing = true;
  }

  @Override
  public void close() {
    closing = true;
    housekeeping.shutdownNow();
    worker.close();
    authoringThreads.shutdownNow();
    contentExportWorker.close();
    exportAssembler.close();
    deliveries.close();
    deliveryThreads.shutdownNow();
    http.close();
    store.close();
    if (embedded != null) {
      embedded.close();
    }
    metrics.close();
  }
}
