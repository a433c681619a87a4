package org.courseport.server.metrics;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.Server;
import org.courseport.server.config.MetricsConfig;
import org.courseport.server.threads.BlockingPools;

/**
 * The management port: Prometheus {@code GET /metrics} (text exposition format 0.0.4), on its own
 * small Armeria server so that the API's port never exposes it. Scrapes run on the blocking
 * executor: the queue gauges may ask MongoDB.
 */
public final class ManagementServer implements AutoCloseable {

  /** The exposition format's content type. */
  static final MediaType TEXT_FORMAT = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  private final Server server;

  private ManagementServer(Server server) {
    this.server = server;
  }

  /** Starts listening; ready when this returns. */
  public static ManagementServer start(MetricsConfig config, ServerMetrics metrics) {
    Server server =
        Server.builder()
            .http(config.listenAddress())
            .blockingTaskExecutor(BlockingPools.create("courseport-metrics-blocking", 2), true)
            .service(
                Route.builder().path("/metrics").methods(HttpMethod.GET, HttpMethod.HEAD).build(),
                (ctx, req) ->
                    HttpResponse.of(
                        () -> HttpResponse.of(HttpStatus.OK, TEXT_FORMAT, metrics.scrape()),
                        ctx.blockingTaskExecutor()))
            .build();
    server.start().join();
    return new ManagementServer(server);
  }

  /** The port it listens on. */
  public int port() {
    return server.activeLocalPort();
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
