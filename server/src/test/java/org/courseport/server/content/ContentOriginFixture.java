package org.courseport.server.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.config.LaunchConfig;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.launch.CommitRefusedException;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.LaunchSessions;
import org.courseport.server.domain.launch.LaunchTokens;
import org.courseport.server.domain.launch.ResumeData;
import org.courseport.server.domain.launch.RuntimeCommit;
import org.courseport.server.domain.launch.TokenResolution;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.player.LaunchPlans;
import org.courseport.server.player.PlanItem;
import org.courseport.server.player.PlayerPageModel;
import org.courseport.server.storage.blob.FileSystemBlobStore;

/**
 * A real {@link ContentOrigin} on a free port over a file-system blob store, with in-memory launch
 * tokens, sessions and plans, and a trivial player page renderer (the real one is {@code
 * PlayerPage.render}). Tests store zips they build, grant launches, and talk HTTP to the origin.
 */
final class ContentOriginFixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final String TENANT = "t1";

  final SettableClock clock = new SettableClock(T0);
  final BlobStore blobs;
  final FakeTokens tokens = new FakeTokens(clock);
  final FakeSessions sessions = new FakeSessions();
  final Map<String, CourseVersion> versions = new ConcurrentHashMap<>();
  final Map<String, LaunchPlan> plans = new ConcurrentHashMap<>();
  final ContentOrigin origin;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ContentOriginFixture(Path dataDir) throws IOException {
    blobs = new FileSystemBlobStore(dataDir);
    LaunchPlans launchPlans =
        v -> plans.getOrDefault(v.courseId(), LaunchPlan.unsupported(v.title(), "no plan"));
    Function<LaunchGrant, Optional<CourseVersion>> lookup =
        g -> Optional.ofNullable(versions.get(g.courseId()));
    origin =
        new ContentOrigin(
                new InetSocketAddress("127.0.0.1", 0),
                new LaunchConfig(null, Duration.ofHours(8), Duration.ofHours(1)),
                tokens,
                sessions,
                launchPlans,
                lookup,
                blobs,
                ZipLimits.defaults(),
                ContentOriginFixture::render,
                clock)
            .start();
  }

  /** The trivial renderer of the tests: what the model holds, as data attributes. */
  static String render(PlayerPageModel m) {
    return "<!DOCTYPE html><html><body data-base=\""
        + m.deliveryBase()
        + "\" data-mode=\""
        + m.grant().mode()
        + "\" data-resume=\""
        + m.resume().lastItemId()
        + "\" data-items=\""
        + m.plan().items().size()
        + "\"><script nonce=\""
        + m.nonce()
        + "\">window.x=1</script></body></html>";
  }

  /** Stores a zip and registers a SCORM 1.2 version of {@code courseId} with a one-SCO plan. */
  CourseVersion store(String courseId, byte[] zip) {
    String blobId;
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      w.stream().write(zip);
      blobId = w.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PackageDescription description =
        new PackageDescription(
            LearningStandard.SCORM12,
            "scorm-1.2",
            "Course " + courseId,
            "",
            "index.html",
            1,
            1,
            null,
            null,
            List.of(),
            "imsmanifest.xml");
    CourseVersion v =
        new CourseVersion(
            TENANT,
            courseId,
            0,
            "Course " + courseId,
            blobId,
            zip.length,
            courseId + ".zip",
            description,
            null,
            T0,
            T0);
    versions.put(courseId, v);
    plans.put(
        courseId,
        new LaunchPlan(
            "scorm12",
            "Course " + courseId,
            List.of(
                new PlanItem(
                    "item_1",
                    "SCO 1",
                    0,
                    "index.html",
                    true,
                    true,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)),
            null,
            true,
            true,
            null));
    return v;
  }

  LaunchGrant preview(String courseId, LaunchOptions options, Duration ttl) {
    return new LaunchGrant(
        TENANT, courseId, 0, LaunchMode.PREVIEW, null, null, options, clock.instant().plus(ttl));
  }

  LaunchGrant tracked(String courseId, String sessionId, Duration ttl) {
    return new LaunchGrant(
        TENANT,
        courseId,
        0,
        LaunchMode.TRACKED,
        sessionId,
        "learner-1",
        LaunchOptions.DEFAULTS,
        clock.instant().plus(ttl));
  }

  /** A delivery token for {@code grant}, as opening its link would mint. */
  String deliver(LaunchGrant grant) {
    return tokens.mintDelivery(grant);
  }

  String url(String path) {
    return "http://127.0.0.1:" + origin.port() + path;
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> send(
      String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).method(method, body);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    origin.close();
  }

  // ------------------------------------------------------------------------------ zips

  /** One file of a test zip. */
  record Entry(String name, byte[] bytes, boolean stored) {
    static Entry deflated(String name, byte[] bytes) {
      return new Entry(name, bytes, false);
    }

    static Entry deflated(String name, String text) {
      return new Entry(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    }

    static Entry stored(String name, byte[] bytes) {
      return new Entry(name, bytes, true);
    }

    static Entry folder(String name) {
      return new Entry(name, null, true);
    }
  }

  static byte[] zip(Entry... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Entry e : entries) {
        ZipEntry z = new ZipEntry(e.name());
        if (e.bytes() == null) {
          z.setMethod(ZipEntry.STORED);
          z.setSize(0);
          z.setCompressedSize(0);
          z.setCrc(0);
          zip.putNextEntry(z);
          zip.closeEntry();
          continue;
        }
        if (e.stored()) {
          CRC32 crc = new CRC32();
          crc.update(e.bytes());
          z.setMethod(ZipEntry.STORED);
          z.setSize(e.bytes().length);
          z.setCompressedSize(e.bytes().length);
          z.setCrc(crc.getValue());
        }
        zip.putNextEntry(z);
        zip.write(e.bytes());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Deterministic bytes that do not compress (like media). */
  static byte[] noise(int size, long seed) {
    byte[] b = new byte[size];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  // ------------------------------------------------------------------------------ fakes

  /** A clock the test moves. */
  static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    SettableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Launch tokens in memory: links open into delivery tokens valid for 8 hours. */
  static final class FakeTokens implements LaunchTokens {
    private final Clock clock;
    private final Map<String, LaunchGrant> links = new ConcurrentHashMap<>();
    private final Map<String, LaunchGrant> deliveries = new ConcurrentHashMap<>();
    final List<String> opened = Collections.synchronizedList(new ArrayList<>());

    FakeTokens(Clock clock) {
      this.clock = clock;
    }

    @Override
    public String issueLink(LaunchGrant grant) {
      String token = token();
      links.put(token, grant);
      return token;
    }

    @Override
    public TokenResolution open(String linkToken) {
      opened.add(linkToken);
      LaunchGrant grant = links.get(linkToken);
      if (grant == null) {
        return new TokenResolution.Unknown();
      }
      if (!clock.instant().isBefore(grant.expiresAt())) {
        return new TokenResolution.Expired(grant);
      }
      String delivery = mintDelivery(grant.withExpiry(clock.instant().plus(Duration.ofHours(8))));
      return new TokenResolution.Valid(deliveries.get(delivery), delivery);
    }

    String mintDelivery(LaunchGrant grant) {
      String token = token();
      deliveries.put(token, grant);
      return token;
    }

    @Override
    public TokenResolution delivery(String deliveryToken) {
      LaunchGrant grant = deliveries.get(deliveryToken);
      if (grant == null) {
        return new TokenResolution.Unknown();
      }
      if (!clock.instant().isBefore(grant.expiresAt())) {
        return new TokenResolution.Expired(grant);
      }
      return new TokenResolution.Valid(grant, deliveryToken);
    }

    private static String token() {
      byte[] b = new byte[32];
      new java.security.SecureRandom().nextBytes(b);
      return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
  }

  /**
   * Sessions in memory: commits are recorded; a cmi whose suspend_data is longer than 4,096
   * characters is refused as the real one does for SCORM 1.2.
   */
  static final class FakeSessions implements LaunchSessions {
    final List<RuntimeCommit> commits = Collections.synchronizedList(new ArrayList<>());
    final Map<String, ResumeData> resume = new HashMap<>();

    @Override
    public Started start(
        String tenantId,
        String courseId,
        int version,
        String standard,
        String sessionId,
        String userId) {
      throw new UnsupportedOperationException("not used by the content origin");
    }

    @Override
    public Optional<LaunchSession> find(String tenantId, String courseId, String sessionId) {
      return Optional.empty();
    }

    @Override
    public ResumeData resume(LaunchGrant grant) {
      return resume.getOrDefault(grant.sessionId(), ResumeData.NONE);
    }

    @Override
    public LaunchSession commit(LaunchGrant grant, RuntimeCommit commit) {
      if (grant.mode() == LaunchMode.PREVIEW) {
        throw new CommitRefusedException("PREVIEW", "previews are not tracked");
      }
      try {
        var cmi = CommitBodies.JSON.readTree(commit.cmiJson());
        String suspend = cmi.path("suspend_data").asText("");
        if (suspend.length() > 4096) {
          throw new CommitRefusedException(
              "SUSPEND_DATA_TOO_LONG", "cmi.suspend_data is longer than 4,096 characters");
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new CommitRefusedException("INVALID_CMI", e.getMessage());
      }
      commits.add(commit);
      return null;
    }

    @Override
    public long count(String tenantId, String courseId, Integer version) {
      return 0;
    }
  }

  static String randomId() {
    return UUID.randomUUID().toString();
  }
}
