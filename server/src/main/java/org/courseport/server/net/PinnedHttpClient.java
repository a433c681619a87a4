package org.courseport.server.net;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.ResponseTimeoutMode;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.proxy.ProxyConfig;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.SplitHttpResponse;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP requests to a {@link FetchTarget} over connections pinned to its checked addresses.
 *
 * <p>Each request goes to an Armeria {@link Endpoint} that carries both the host name (for the Host
 * header, SNI and certificate checks) and the checked IP address, so Armeria connects to that
 * address without resolving anything. As a second line, the client factory's resolver refuses every
 * name, and proxies are disabled. Addresses are tried in order until one accepts the connection.
 * Thread-safe; share one instance and close it on shutdown.
 */
public final class PinnedHttpClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PinnedHttpClient.class);

  private final ClientFactory factory;
  private final Duration connectTimeout;

  public PinnedHttpClient(Duration connectTimeout) {
    this(connectTimeout, builder -> {});
  }

  /**
   * A client whose factory is first adjusted by {@code customizer} (for example a TLS trust store);
   * the connect timeout, the refusing resolver and the disabled proxy are applied after it and
   * cannot be overridden.
   */
  public PinnedHttpClient(Duration connectTimeout, Consumer<ClientFactoryBuilder> customizer) {
    this.connectTimeout = connectTimeout;
    ClientFactoryBuilder builder = ClientFactory.builder();
    customizer.accept(builder);
    this.factory =
        builder
            .connectTimeout(connectTimeout)
            .proxyConfig(ProxyConfig.direct())
            .addressResolverGroupFactory(eventLoopGroup -> new RefusingResolverGroup())
            .build();
  }

  /**
   * Sends a request and waits for the response headers.
   *
   * @param body request body, or null for none
   * @throws org.courseport.server.domain.DomainException FETCH_TIMEOUT or FETCH_UNREACHABLE
   */
  public PinnedResponse send(
      FetchTarget target,
      HttpMethod method,
      Map<String, String> headers,
      byte[] body,
      Timeouts timeouts) {
    Throwable last = null;
    for (InetAddress address : target.addresses()) {
      try {
        return sendTo(target, address, request(target, method, headers, body), timeouts);
      } catch (UnprocessedRequestException e) {
        log.debug(
            "{} not reachable at {}: {}", target.display(), address, String.valueOf(e.getCause()));
        last = e;
      }
    }
    throw FetchErrors.fromFailure(target.display(), last);
  }

  private PinnedResponse sendTo(
      FetchTarget target, InetAddress address, HttpRequest request, Timeouts timeouts) {
    Endpoint endpoint = Endpoint.of(target.host(), target.port()).withInetAddress(address);
    WebClient client =
        WebClient.builder(target.tls() ? SessionProtocol.HTTPS : SessionProtocol.H1C, endpoint)
            .factory(factory)
            .responseTimeoutMillis(timeouts.nextMillis())
            .responseTimeoutMode(ResponseTimeoutMode.REQUEST_SENT)
            .maxResponseLength(0)
            .build();
    HttpResponse response;
    ClientRequestContext ctx;
    try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
      response = client.execute(request);
      ctx = captor.get();
    }
    SplitHttpResponse split = response.split();
    return new PinnedResponse(
        target, response, split, ctx, awaitHeaders(target, response, split, timeouts), timeouts);
  }

  private ResponseHeaders awaitHeaders(
      FetchTarget target, HttpResponse response, SplitHttpResponse split, Timeouts timeouts) {
    long bound = connectTimeout.toMillis() + timeouts.nextMillis() + 5_000;
    try {
      return split.headers().get(bound, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      response.abort();
      if (e.getCause() instanceof UnprocessedRequestException unprocessed) {
        throw unprocessed;
      }
      throw FetchErrors.fromFailure(target.display(), e.getCause());
    } catch (TimeoutException e) {
      response.abort();
      throw FetchErrors.timeout(target.display(), "waiting for a response from");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.abort();
      throw FetchErrors.unreachable(target.display(), "interrupted");
    }
  }

  private static HttpRequest request(
      FetchTarget target, HttpMethod method, Map<String, String> headers, byte[] body) {
    RequestHeadersBuilder builder =
        RequestHeaders.builder(method, target.pathAndQuery())
            .set("user-agent", "Courseport")
            .set("accept", "*/*");
    headers.forEach(builder::set);
    RequestHeaders built = builder.build();
    return body == null ? HttpRequest.of(built) : HttpRequest.of(built, HttpData.wrap(body));
  }

  @Override
  public void close() {
    factory.close();
  }
}
