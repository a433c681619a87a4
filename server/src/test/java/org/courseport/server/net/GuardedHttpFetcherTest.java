package org.courseport.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.net.FetchFixtures.concat;
import static org.courseport.server.net.FetchFixtures.failure;
import static org.courseport.server.net.FetchFixtures.payload;
import static org.courseport.server.net.FetchFixtures.rawUrl;
import static org.courseport.server.net.FetchFixtures.zip;

import com.linecorp.armeria.common.HttpResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GuardedHttpFetcherTest {
  static final byte[] PAYLOAD = FetchFixtures.PAYLOAD;
  static final FetchOptions OPTIONS =
      new FetchOptions(5, Duration.ofMillis(500), Duration.ofSeconds(10), 1000);

  static PinnedHttpClient client;
  static LocalHttpServer allowed;
  static LocalHttpServer other;
  static LocalHttpServer v6;

  final MemoryBlobStore store = new MemoryBlobStore();

  @BeforeAll
  static void start() {
    client = new PinnedHttpClient(Duration.ofSeconds(2));
    other =
        LocalHttpServer.start(
            "127.0.0.1", sb -> sb.service("/secret", (c, r) -> HttpResponse.of("internal")));
    v6 = LocalHttpServer.start("::1", sb -> sb.service("glob:/**", (c, r) -> zip()));
    allowed = LocalHttpServer.start("127.0.0.1", sb -> FetchFixtures.routes(sb, other));
  }

  @AfterAll
  static void stop() {
    allowed.close();
    other.close();
    v6.close();
    client.close();
  }

  GuardedHttpFetcher fetcher(HostResolver resolver, FetchOptions options, String... allow) {
    return new GuardedHttpFetcher(
        new UrlGuard(AddressPolicy.withAllowList(List.of(allow)), resolver), client, options);
  }

  GuardedHttpFetcher fetcher(String... allow) {
    return fetcher(HostResolver.system(), OPTIONS, allow);
  }

  String allowEntry() {
    return "127.0.0.1:" + allowed.port();
  }

  @Test
  void loopbackIsRefusedByDefaultInEveryForm() {
    GuardedHttpFetcher strict = fetcher();
    String port = ":" + allowed.port();
    for (String url :
        List.of(
            "http://127.0.0.1" + port + "/pkg/a.zip",
            "http://localhost" + port + "/pkg/b.zip",
            "http://[::ffff:127.0.0.1]" + port + "/pkg/c.zip",
            v6.url("/pkg/d.zip"))) {
      DomainException e = failure(() -> strict.fetchToStore(url, store));
      assertThat(e.reason()).as(url).isEqualTo("FETCH_FORBIDDEN_ADDRESS");
      assertThat(e.getMessage()).contains("loopback");
    }
    assertThat(allowed.totalHits() + v6.totalHits()).isZero();
    assertThat(store.blobs).isEmpty();
  }

  @Test
  void allowListedHostPortIsFetchedIntoTheStore() throws Exception {
    FetchResult result = fetcher(allowEntry()).fetchToStore(allowed.url("/pkg/course.zip"), store);
    assertThat(result.bytes()).isEqualTo(PAYLOAD.length);
    assertThat(result.contentType()).isEqualTo("application/zip");
    assertThat(result.fileName()).isEqualTo("course.zip");
    assertThat(store.get(result.blobId())).isEqualTo(PAYLOAD);
    assertThat(result.blobId()).isEqualTo(MemoryBlobStore.sha256(PAYLOAD));
  }

  @Test
  void allowListedIpv6LoopbackIsFetched() throws Exception {
    FetchResult result = fetcher("[::1]:" + v6.port()).fetchToStore(v6.url("/pkg/v6.zip"), store);
    assertThat(store.get(result.blobId())).isEqualTo(PAYLOAD);
  }

  @Test
  void redirectToAPortThatIsNotAllowListedIsRefusedBeforeConnecting() {
    DomainException e =
        failure(() -> fetcher(allowEntry()).fetchToStore(allowed.url("/to-other"), store));
    assertThat(e.reason()).isEqualTo("FETCH_FORBIDDEN_ADDRESS");
    assertThat(e.getMessage()).contains(":" + other.port() + "/secret");
    assertThat(allowed.hits("/to-other")).isEqualTo(1);
    assertThat(other.totalHits()).isZero();
    assertThat(store.discarded).hasValue(1);
  }

  @Test
  void relativeRedirectIsFollowedAndCounted() throws Exception {
    FetchResult result = fetcher(allowEntry()).fetchToStore(allowed.url("/relative"), store);
    assertThat(result.redirects()).isEqualTo(1);
    assertThat(result.finalUri().getPath()).isEqualTo("/pkg/after-redirect.zip");
    assertThat(result.bytes()).isEqualTo(PAYLOAD.length);
  }

  @Test
  void redirectLimitStopsALoop() {
    DomainException e =
        failure(() -> fetcher(allowEntry()).fetchToStore(allowed.url("/loop"), store));
    assertThat(e.reason()).isEqualTo("FETCH_TOO_MANY_REDIRECTS");
    assertThat(allowed.hits("/loop")).isEqualTo(6);
  }

  @Test
  void nonSuccessStatusIsAnHttpErrorWithoutTheBody() {
    DomainException e =
        failure(() -> fetcher(allowEntry()).fetchToStore(allowed.url("/missing"), store));
    assertThat(e.reason()).isEqualTo("FETCH_HTTP_ERROR");
    assertThat(e.metadata()).containsEntry("status", "404");
    assertThat(e.getMessage()).contains("/missing", "404").doesNotContain("secret-body-text");
    DomainException noLocation =
        failure(() -> fetcher(allowEntry()).fetchToStore(allowed.url("/no-location"), store));
    assertThat(noLocation.metadata()).containsEntry("status", "302");
  }

  @Test
  void silentServerTimesOut() {
    // The reason shows the fetcher's own timeout ended the call (how long that took on a loaded
    // machine is not asserted).
    DomainException e =
        failure(() -> fetcher(allowEntry()).fetchToStore(allowed.url("/never"), store));
    assertThat(e.reason()).isEqualTo("FETCH_TIMEOUT");
  }

  @Test
  void bodyThatStallsTimesOut() {
    DomainException e =
        failure(() -> fetcher(allowEntry()).fetchToStore(allowed.url("/stall"), store));
    assertThat(e.reason()).isEqualTo("FETCH_TIMEOUT");
    assertThat(store.discarded).hasValue(1);
  }

  @Test
  void readTimeoutIsAnIdleTimeoutButTheTotalStillApplies() throws Exception {
    FetchResult slow = fetcher(allowEntry()).fetchToStore(allowed.url("/steady"), store);
    assertThat(slow.bytes()).isEqualTo(800);
    FetchOptions shortTotal =
        new FetchOptions(5, Duration.ofMillis(500), Duration.ofMillis(700), 1000);
    DomainException e =
        failure(
            () ->
                fetcher(HostResolver.system(), shortTotal, allowEntry())
                    .fetchToStore(allowed.url("/steady"), store));
    assertThat(e.reason()).isEqualTo("FETCH_TIMEOUT");
  }

  @Test
  void declaredLengthOverTheCapIsRefusedBeforeReading() throws Exception {
    byte[] response = concat("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", new byte[5000]);
    try (RawHttpServer raw = new RawHttpServer(response, 0)) {
      DomainException e =
          failure(() -> fetcher("127.0.0.1:" + raw.port()).fetchToStore(rawUrl(raw), store));
      assertThat(e.reason()).isEqualTo("FETCH_TOO_LARGE");
      assertThat(store.largestWrite).isZero();
    }
  }

  @Test
  void chunkedBodyOverTheCapIsCutAtTheCap() throws Exception {
    StringBuilder body = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    String chunk = "x".repeat(500);
    for (int i = 0; i < 10; i++) {
      body.append("1f4\r\n").append(chunk).append("\r\n");
    }
    body.append("0\r\n\r\n");
    try (RawHttpServer raw =
        new RawHttpServer(body.toString().getBytes(StandardCharsets.US_ASCII), 0)) {
      DomainException e =
          failure(() -> fetcher("127.0.0.1:" + raw.port()).fetchToStore(rawUrl(raw), store));
      assertThat(e.reason()).isEqualTo("FETCH_TOO_LARGE");
      assertThat(store.largestWrite).isLessThanOrEqualTo(1000);
      assertThat(store.blobs).isEmpty();
    }
  }

  @Test
  void closeDelimitedBodyIsCountedOnActualBytes() throws Exception {
    String head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
    try (RawHttpServer big = new RawHttpServer(concat(head, new byte[5000]), 0);
        RawHttpServer small = new RawHttpServer(concat(head, payload(600)), 0)) {
      DomainException e =
          failure(() -> fetcher("127.0.0.1:" + big.port()).fetchToStore(rawUrl(big), store));
      assertThat(e.reason()).isEqualTo("FETCH_TOO_LARGE");
      FetchResult ok = fetcher("127.0.0.1:" + small.port()).fetchToStore(rawUrl(small), store);
      assertThat(store.get(ok.blobId())).isEqualTo(payload(600));
    }
  }

  @Test
  void lyingContentLengthNeverLetsMoreThanTheCapIn() throws Exception {
    byte[] response = concat("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", payload(5000));
    try (RawHttpServer raw = new RawHttpServer(response, 0)) {
      FetchResult result = fetcher("127.0.0.1:" + raw.port()).fetchToStore(rawUrl(raw), store);
      assertThat(result.bytes()).isEqualTo(100);
      assertThat(store.get(result.blobId())).isEqualTo(Arrays.copyOf(payload(5000), 100));
    }
  }

  @Test
  void hostIsResolvedOncePerHopAndTheConnectionGoesToTheCheckedAddress() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HostResolver rebinding =
        host ->
            List.of(InetAddress.getByName(calls.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1"));
    String entry = "pkg.test:" + allowed.port();
    FetchResult result =
        fetcher(rebinding, OPTIONS, entry)
            .fetchToStore("http://pkg.test:" + allowed.port() + "/pkg/pinned.zip", store);
    assertThat(result.bytes()).isEqualTo(PAYLOAD.length);
    assertThat(calls).hasValue(1);
    assertThat(allowed.requests.get(allowed.requests.size() - 1).authority())
        .isEqualTo("pkg.test:" + allowed.port());

    calls.set(0);
    DomainException e =
        failure(
            () ->
                fetcher(rebinding, OPTIONS, "127.0.0.1:" + allowed.port())
                    .fetchToStore("http://pkg.test:" + allowed.port() + "/relative", store));
    assertThat(e.reason()).isEqualTo("FETCH_FORBIDDEN_ADDRESS");
    assertThat(e.getMessage()).contains("10.0.0.1");
    assertThat(calls).hasValue(2);
  }

  @Test
  void unreachableAddressFallsBackToTheNextCheckedOne() throws Exception {
    HostResolver two =
        host -> List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
    FetchResult result =
        fetcher(two, OPTIONS, "127.0.0.0/8:" + allowed.port())
            .fetchToStore("http://multi.test:" + allowed.port() + "/pkg/fallback.zip", store);
    assertThat(result.bytes()).isEqualTo(PAYLOAD.length);
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    int closedPort = port;
    DomainException e =
        failure(
            () ->
                fetcher("127.0.0.1:" + closedPort)
                    .fetchToStore("http://127.0.0.1:" + closedPort + "/x.zip", store));
    assertThat(e.reason()).isEqualTo("FETCH_UNREACHABLE");
    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
  }
}
