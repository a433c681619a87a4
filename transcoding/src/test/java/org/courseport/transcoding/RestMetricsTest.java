package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.HttpStatus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.courseport.transcoding.core.HttpMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP request metrics of the real front: one series per route, dialect, method, status. */
class RestMetricsTest {

  private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  @RegisterExtension
  static final FrontExtension front =
      new FrontExtension(RestFrontOptions.defaults().withMeterRegistry(REGISTRY));

  @Test
  void requests_areCountedPerRoutePattern_notSharedBetweenRoutes() {
    BlockingWebClient client = front.authorized();
    assertThat(client.get("/api/v2/courses/c1").status()).isEqualTo(HttpStatus.OK);
    assertThat(client.get("/api/v2/courses/c2").status()).isEqualTo(HttpStatus.OK);
    assertThat(client.get("/api/v2/courses").status()).isEqualTo(HttpStatus.OK);
    assertThat(client.get("/api/v2/courses/c1/versions/x").status())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(client.get("/healthz").status()).isEqualTo(HttpStatus.OK);

    // The counts are recorded when each request's log completes, which may follow the response
    // the client saw: wait for the five (the deadline only bounds a failing run).
    Map<String, Double> counts = countsByTags();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (counts.values().stream().mapToDouble(d -> d).sum() < 5 && System.nanoTime() < deadline) {
      Thread.yield();
      counts = countsByTags();
    }

    assertThat(counts)
        .containsEntry("GET scormcloud /api/v2/courses/:course_id 200", 2.0)
        .containsEntry("GET scormcloud /api/v2/courses 200", 1.0)
        .containsEntry("GET scormcloud /api/v2/courses/:course_id/versions/:version_id 400", 1.0)
        .containsEntry("GET none /healthz 200", 1.0)
        .hasSize(4);
  }

  private static Map<String, Double> countsByTags() {
    Map<String, Double> counts = new TreeMap<>();
    for (Meter meter : REGISTRY.getMeters()) {
      if (!meter.getId().getName().equals(HttpMetrics.NAME + ".requests")) {
        continue;
      }
      String key =
          meter.getId().getTag("method")
              + " "
              + meter.getId().getTag("dialect")
              + " "
              + meter.getId().getTag("route")
              + " "
              + meter.getId().getTag("status");
      double count = meter.measure().iterator().next().getValue();
      counts.merge(key, count, Double::sum);
    }
    return counts;
  }
}
