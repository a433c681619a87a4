package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.TestMongo;
import org.junit.jupiter.api.Test;

/** Course listings against the embedded store, plus the regex escaping on its own. */
class CourseFiltersTest extends CourseFiltersContractTest {
  @Override
  protected TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }

  @Test
  void literalPatternMatchesExactlyTheTextEvenWithMetacharacters() {
    String text = "a.b*c+d?(e)[f]{g}|h^i$j\\k-l/m#n é 😀 \0 end";

    Pattern pattern = Pattern.compile(CourseFilters.literalPattern(text));

    assertThat(pattern.matcher("xx" + text + "yy").find()).isTrue();
    assertThat(pattern.matcher(text.replace('.', 'X')).find()).isFalse();
  }
}
