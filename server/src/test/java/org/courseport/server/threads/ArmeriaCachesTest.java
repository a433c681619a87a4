package org.courseport.server.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Armeria's per-path caches get the small bound, unless the operator gave one (issue 12). */
class ArmeriaCachesTest {
  @Test
  void unsetCaches_getTheBound_givenOnesAreKept() {
    Properties p = new Properties();
    p.setProperty("com.linecorp.armeria.routeCacheSpec", "maximumSize=10");
    ArmeriaCaches.bound(p);
    assertThat(p.getProperty("com.linecorp.armeria.routeCacheSpec")).isEqualTo("maximumSize=10");
    assertThat(p.getProperty("com.linecorp.armeria.parsedPathCacheSpec"))
        .isEqualTo("maximumSize=256");
    assertThat(p.getProperty("com.linecorp.armeria.routeDecoratorCacheSpec"))
        .isEqualTo("maximumSize=256");
  }

  @Test
  void theSpec_isOneCaffeineAccepts() {
    // Armeria parses these specs with its shaded Caffeine; a wrong one would stop the start.
    assertThat(
            com.linecorp.armeria.internal.shaded.caffeine.cache.CaffeineSpec.parse(
                    ArmeriaCaches.SPEC)
                .toString())
        .contains("maximumSize=256");
  }
}
