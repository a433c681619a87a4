package org.courseport.server.domain.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedProvidersTest {

  @Test
  void defaults_allowYouTubeAndVimeoPlayerOnly() {
    EmbedProviders p = EmbedProviders.fromEnvironment(Map.of());
    assertThat(p.allows("https://www.youtube.com/embed/abc")).isTrue();
    assertThat(p.allows("https://youtube-nocookie.com/embed/abc")).isTrue();
    assertThat(p.allows("https://player.vimeo.com/video/1")).isTrue();
    assertThat(p.allows("https://vimeo.com/1")).isFalse();
    assertThat(p.allows("https://notyoutube.com/x")).isFalse();
    assertThat(p.allows("https://youtube.com.evil.example/x")).isFalse();
    assertThat(p.allows("https://user@youtube.com/x")).isFalse();
    assertThat(p.allows("http://youtube.com/x")).isFalse();
    assertThat(p.allows("not a url")).isFalse();
  }

  @Test
  void environment_replacesTheList() {
    EmbedProviders p =
        EmbedProviders.fromEnvironment(Map.of(EmbedProviders.ENV, " Example.org , ,h5p.com"));
    assertThat(p.hosts()).containsExactly("example.org", "h5p.com");
    assertThat(p.allows("https://www.example.org/x")).isTrue();
    assertThat(p.allows("https://www.youtube.com/x")).isFalse();
  }
}
