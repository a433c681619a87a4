package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ZipLimitsTest {
  @Test
  void defaultsLetMultiGigabyteVideoPackagesThrough() {
    ZipLimits limits = ZipLimits.defaults();

    assertThat(limits.maxEntries()).isEqualTo(100_000);
    assertThat(limits.maxTotalBytes()).isEqualTo(16L << 30);
    assertThat(limits.maxEntryBytes()).isEqualTo(8L << 30);
    assertThat(limits.maxRatio()).isEqualTo(1000);
    assertThat(limits.maxPathDepth()).isEqualTo(64);
    assertThat(limits.maxNameBytes()).isEqualTo(1024);
  }

  @Test
  void readsOverridesWithBinarySuffixesFromTheEnvironment() {
    ZipLimits limits =
        ZipLimits.fromEnvironment(
            Map.of(
                "COURSEPORT_ZIP_MAX_ENTRIES", "5000",
                "COURSEPORT_ZIP_MAX_TOTAL_BYTES", "2g",
                "COURSEPORT_ZIP_MAX_ENTRY_BYTES", "512M",
                "COURSEPORT_ZIP_MAX_XML_BYTES", "64K"));

    assertThat(limits.maxEntries()).isEqualTo(5000);
    assertThat(limits.maxTotalBytes()).isEqualTo(2L << 30);
    assertThat(limits.maxEntryBytes()).isEqualTo(512L << 20);
    assertThat(limits.maxXmlBytes()).isEqualTo(64L << 10);
    assertThat(limits.maxRatio()).isEqualTo(ZipLimits.defaults().maxRatio());
  }

  @Test
  void rejectsMalformedOverridesNamingTheVariable() {
    assertThatThrownBy(() -> ZipLimits.fromEnvironment(Map.of("COURSEPORT_ZIP_MAX_RATIO", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_ZIP_MAX_RATIO");
    assertThatThrownBy(() -> ZipLimits.fromEnvironment(Map.of("COURSEPORT_ZIP_MAX_ENTRIES", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and");
    assertThatThrownBy(
            () -> ZipLimits.fromEnvironment(Map.of("COURSEPORT_ZIP_MAX_ENTRIES", "9999999999")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void judgesTheRatioOnlyAboveTheFloor() {
    ZipLimits limits = ZipLimits.defaults();

    assertThat(limits.ratioExceeded(1 << 20, 1)).isFalse();
    assertThat(limits.ratioExceeded((1 << 20) + 1, 1)).isTrue();
    assertThat(limits.ratioExceeded(1000L << 20, 1 << 20)).isFalse();
    assertThat(limits.ratioExceeded((1000L << 20) + 1, 1 << 20)).isTrue();
  }
}
