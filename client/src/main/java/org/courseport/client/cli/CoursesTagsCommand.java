package org.courseport.client.cli;

import java.util.List;
import org.courseport.api.v1.TagList;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courses tags ID [--set|--add|--remove a,b]}: shows, then optionally changes, tags. */
@Command(name = "tags", description = "Show the tags of a course, or replace, add or remove some.")
final class CoursesTagsCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "Course id.")
  String courseId;

  @ArgGroup(exclusive = true)
  Change change;

  @Option(names = "--json", description = "Print the tags as JSON.")
  boolean json;

  /** At most one change per run. */
  static final class Change {
    @Option(names = "--set", split = ",", paramLabel = "a,b", description = "Replace all tags.")
    List<String> set;

    @Option(names = "--add", split = ",", paramLabel = "a,b", description = "Add tags.")
    List<String> add;

    @Option(names = "--remove", split = ",", paramLabel = "a,b", description = "Remove tags.")
    List<String> remove;
  }

  @Override
  int run(CourseportClient client) {
    if (change != null && change.set != null) {
      client.putCourseTags(courseId, clean(change.set));
    } else if (change != null && change.add != null) {
      client.putCourseTagsBatch(List.of(courseId), clean(change.add));
    } else if (change != null && change.remove != null) {
      client.deleteCourseTags(courseId, clean(change.remove));
    }
    List<String> tags = client.getCourseTags(courseId);
    if (json) {
      Json.print(TagList.newBuilder().addAllTags(tags), out());
    } else {
      tags.forEach(out()::println);
    }
    return 0;
  }

  private static List<String> clean(List<String> tags) {
    return tags.stream().map(String::strip).filter(tag -> !tag.isEmpty()).distinct().toList();
  }
}
