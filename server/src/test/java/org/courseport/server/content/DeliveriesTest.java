package org.courseport.server.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.content.ContentOriginFixture.Entry.deflated;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery tokens the file path remembers are dropped once they expire, not kept until 10,000
 * have piled up (the soak's "remembered for a few seconds" that stayed for the whole run).
 */
class DeliveriesTest {
  @TempDir Path dir;

  private static final Duration REMEMBER = Duration.ofSeconds(5);

  @Test
  void expiredTokens_areSweptOut_andALiveOneIsStillRemembered() {
    ContentOriginFixture.SettableClock clock =
        new ContentOriginFixture.SettableClock(ContentOriginFixture.T0);
    ContentOriginFixture.FakeTokens tokens = new ContentOriginFixture.FakeTokens(clock);
    CourseVersion version = version();
    Deliveries deliveries = new Deliveries(tokens, g -> Optional.of(version), clock, REMEMBER);
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String token = tokens.mintDelivery(grant(clock));
      first.add(token);
      assertThat(deliveries.deliveryForFile(token)).isInstanceOf(Deliveries.Live.class);
    }
    assertThat(deliveries.remembered()).isEqualTo(50);

    clock.advance(REMEMBER.plusMillis(1));
    String later = tokens.mintDelivery(grant(clock));
    assertThat(deliveries.deliveryForFile(later)).isInstanceOf(Deliveries.Live.class);
    assertThat(deliveries.remembered()).isEqualTo(1);

    // Within the period, no sweep: a token used a moment ago is answered from memory.
    clock.advance(Duration.ofSeconds(1));
    String another = tokens.mintDelivery(grant(clock));
    deliveries.deliveryForFile(another);
    assertThat(deliveries.remembered()).isEqualTo(2);
    // The swept tokens still resolve (from the store), and are remembered again.
    assertThat(deliveries.deliveryForFile(first.get(0))).isInstanceOf(Deliveries.Live.class);
    assertThat(deliveries.remembered()).isEqualTo(3);
  }

  @Test
  void realOrigin_filesOfManyLaunches_leaveOnlyTheRecentTokensRemembered() throws Exception {
    try (ContentOriginFixture f = new ContentOriginFixture(dir)) {
      f.store(
          "soak",
          ContentOriginFixture.zip(
              deflated("imsmanifest.xml", "<manifest/>"),
              deflated("index.html", "<html><body>Soak</body></html>")));
      for (int i = 0; i < 40; i++) {
        String base =
            "/s/" + f.deliver(f.preview("soak", LaunchOptions.DEFAULTS, Duration.ofHours(8)));
        var r = f.get(base + "/c/index.html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("Soak");
      }
      assertThat(f.origin.rememberedDeliveries()).isEqualTo(40);

      f.clock.advance(ContentOrigin.REMEMBER_DELIVERY.plusSeconds(1));
      String base =
          "/s/" + f.deliver(f.preview("soak", LaunchOptions.DEFAULTS, Duration.ofHours(8)));
      assertThat(f.get(base + "/c/index.html").statusCode()).isEqualTo(200);
      assertThat(f.origin.rememberedDeliveries()).isEqualTo(1);
    }
  }

  private static LaunchGrant grant(ContentOriginFixture.SettableClock clock) {
    return new LaunchGrant(
        ContentOriginFixture.TENANT,
        "c1",
        0,
        LaunchMode.PREVIEW,
        null,
        null,
        LaunchOptions.DEFAULTS,
        clock.instant().plus(Duration.ofHours(8)));
  }

  private CourseVersion version() {
    try (ContentOriginFixture f = new ContentOriginFixture(dir.resolve("v"))) {
      return f.store("c1", ContentOriginFixture.zip(deflated("index.html", "<p>x</p>")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
