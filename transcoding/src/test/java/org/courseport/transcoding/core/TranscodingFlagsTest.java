package org.courseport.transcoding.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.Flags;
import org.junit.jupiter.api.Test;

/**
 * Armeria takes the per-path cache bounds from {@link TranscodingFlags} (issue 12): each cache
 * keeps at most 256 routing results, and with them at most 256 requests' headers.
 */
class TranscodingFlagsTest {
  @Test
  void armeriasPathCaches_areBoundedTo256() {
    assertThat(Flags.routeCacheSpec()).isEqualTo("maximumSize=256");
    assertThat(Flags.routeDecoratorCacheSpec()).isEqualTo("maximumSize=256");
    assertThat(Flags.parsedPathCacheSpec()).isEqualTo("maximumSize=256");
    assertThat(Flags.allowDoubleDotsInQueryString()).isTrue();
  }
}
