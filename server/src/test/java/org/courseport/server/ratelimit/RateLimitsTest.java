package org.courseport.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.domain.ratelimit.RateLimitClasses;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.ratelimit.RateLimits;
import org.junit.jupiter.api.Test;

/** {@code COURSEPORT_RATE_LIMITS} parsing and the route-class table. */
class RateLimitsTest {

  @Test
  void unsetIsTheDefaults() {
    RateLimits limits = RateLimits.parse(null);
    assertThat(limits.enabled()).isTrue();
    assertThat(limits.forClass("default"))
        .isEqualTo(
            new RateLimits.Applied("default", new RateLimiter.Limit(1200, Duration.ofMinutes(1))));
    assertThat(limits.forClass("export"))
        .isEqualTo(
            new RateLimits.Applied("export", new RateLimiter.Limit(30, Duration.ofMinutes(1))));
    // A class without a limit of its own counts against the default's.
    assertThat(limits.forClass("upload").counter()).isEqualTo("default");
    assertThat(RateLimits.parse("  ").toString()).isEqualTo("default=1200/60s,export=30/60s");
  }

  @Test
  void entriesOverrideTheDefaultsAndAddClasses() {
    RateLimits limits = RateLimits.parse("default=100/10s, upload=5/1m,import = 2 / 1h");
    assertThat(limits.forClass("default").limit())
        .isEqualTo(new RateLimiter.Limit(100, Duration.ofSeconds(10)));
    assertThat(limits.forClass("upload"))
        .isEqualTo(
            new RateLimits.Applied("upload", new RateLimiter.Limit(5, Duration.ofMinutes(1))));
    assertThat(limits.forClass("import").limit().window()).isEqualTo(Duration.ofHours(1));
    assertThat(limits.forClass("export").limit().requests()).isEqualTo(30);
  }

  @Test
  void offDisablesEverything() {
    RateLimits off = RateLimits.parse("OFF");
    assertThat(off.enabled()).isFalse();
    assertThat(off.forClass("export")).isNull();
    assertThat(off.forClass("default")).isNull();
    assertThat(off.toString()).isEqualTo("off");
  }

  @Test
  void badEntriesAreNamed() {
    assertThatThrownBy(() -> RateLimits.parse("default=1200/60s,export=30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_RATE_LIMITS")
        .hasMessageContaining("'export=30'")
        .hasMessageContaining("class=requests/window");
    assertThatThrownBy(() -> RateLimits.parse("exports=30/60s"))
        .hasMessageContaining("'exports=30/60s'")
        .hasMessageContaining("unknown route class 'exports'")
        .hasMessageContaining("default, export, import, upload");
    assertThatThrownBy(() -> RateLimits.parse("export=0/60s"))
        .hasMessageContaining("'export=0/60s'")
        .hasMessageContaining("at least 1 request");
    assertThatThrownBy(() -> RateLimits.parse("export=5/0s"))
        .hasMessageContaining("between 1 s and 24 h");
    assertThatThrownBy(() -> RateLimits.parse("export=5/25h"))
        .hasMessageContaining("between 1 s and 24 h");
    assertThatThrownBy(() -> RateLimits.parse("export=5/60s,export=6/60s"))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> RateLimits.parse("default=5/60s,,"))
        .hasMessageContaining("bad entry ''");
  }

  @Test
  void aBadSettingStopsTheStart() {
    Map<String, String> env = new HashMap<>();
    env.put("COURSEPORT_RATE_LIMITS", "default=lots");
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_RATE_LIMITS: bad entry 'default=lots'");
  }

  @Test
  void theTableNamesTheExportCreatingRpcs() {
    assertThat(RateLimitClasses.classOf("courseport.v1.ExportService/ExportCourse"))
        .isEqualTo("export");
    assertThat(RateLimitClasses.classOf("courseport.v1.ExportService/CreateContentExport"))
        .isEqualTo("export");
    assertThat(RateLimitClasses.classOf("courseport.v1.CourseService/GetCourse"))
        .isEqualTo("default");
    assertThat(RateLimitClasses.table().values()).allMatch(RateLimitClasses.NAMES::contains);
    // Every RPC the table names exists (a renamed RPC would silently fall back to default).
    java.util.Set<String> rpcs =
        java.util.stream.Stream.of(
                org.courseport.api.v1.CourseServiceGrpc.getServiceDescriptor(),
                org.courseport.api.v1.PackageServiceGrpc.getServiceDescriptor(),
                org.courseport.api.v1.ExportServiceGrpc.getServiceDescriptor(),
                org.courseport.api.v1.MediaServiceGrpc.getServiceDescriptor(),
                org.courseport.api.v1.LessonServiceGrpc.getServiceDescriptor())
            .flatMap(d -> d.getMethods().stream())
            .map(io.grpc.MethodDescriptor::getFullMethodName)
            .collect(java.util.stream.Collectors.toSet());
    assertThat(rpcs).containsAll(RateLimitClasses.table().keySet());
  }
}
