package org.courseport.client.cli;

import java.util.List;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseListNonPaged;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courses}: the commands on stored courses. */
@Command(
    name = "courses",
    description = "List, show, change, download and create (from lessons) courses.",
    subcommands = {
      CoursesListCommand.class,
      CoursesCommand.Get.class,
      CoursesCommand.Delete.class,
      CoursesCommand.Versions.class,
      CoursesCommand.SetTitle.class,
      CoursesTagsCommand.class,
      CoursesConfigCommand.class,
      CoursesDownloadCommand.class,
      CoursesCommand.Preview.class,
      CoursesCreateCommand.class,
      CoursesExportCommand.class
    })
final class CoursesCommand extends GroupCommand {

  /** {@code courses get ID [--version N] [--json]}. */
  @Command(name = "get", description = "Show a course (latest version, or the one given).")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Course id.")
    String courseId;

    @Mixin VersionOption version;

    @Option(names = "--json", description = "Print the course as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      Course course = client.getCourse(courseId, version.value());
      if (json) {
        Json.print(course, out());
      } else {
        CourseText.course(course, out());
      }
      return 0;
    }
  }

  /** {@code courses delete ID [--version N]}. */
  @Command(name = "delete", description = "Delete a course, or one of its versions.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Course id.")
    String courseId;

    @Mixin VersionOption version;

    @Override
    int run(CourseportClient client) {
      if (version.value().isPresent()) {
        int number = version.value().getAsInt();
        client.deleteCourseVersion(courseId, number);
        out().println("deleted version " + number + " of course '" + courseId + "'");
      } else {
        client.deleteCourse(courseId);
        out().println("deleted course '" + courseId + "'");
      }
      return 0;
    }
  }

  /** {@code courses versions ID [--json]}. */
  @Command(name = "versions", description = "List the versions of a course, oldest first.")
  static final class Versions extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Course id.")
    String courseId;

    @Option(names = "--json", description = "Print the versions as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      List<Course> versions = client.getCourseVersions(courseId);
      if (json) {
        Json.print(CourseListNonPaged.newBuilder().addAllCourses(versions), out());
        return 0;
      }
      TextTable table = new TextTable("VERSION", "STANDARD", "CREATED", "UPDATED", "TITLE");
      for (Course course : versions) {
        table.row(
            course.getVersion(),
            course.getCourseLearningStandard(),
            CourseText.time(course.getCreated()),
            CourseText.time(course.getUpdated()),
            course.getTitle());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code courses title ID "New title"}. */
  @Command(name = "title", description = "Set the title of a course (every version).")
  static final class SetTitle extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Course id.")
    String courseId;

    @Parameters(index = "1", paramLabel = "TITLE", description = "The new title.")
    String title;

    @Override
    int run(CourseportClient client) {
      client.setCourseTitle(courseId, title);
      out().println("title of course '" + courseId + "' set to \"" + title + "\"");
      return 0;
    }
  }

  /** {@code courses preview ID [--version N] [--expiry S]}. */
  @Command(
      name = "preview",
      description = "Build a preview link (no credentials needed to open it, not tracked).")
  static final class Preview extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Course id.")
    String courseId;

    @Mixin VersionOption version;

    @Option(
        names = "--expiry",
        paramLabel = "S",
        description = "Seconds until the link expires, 10..300 (default: PreviewExpirySeconds).")
    Integer expiry;

    @Override
    void checkArguments() {
      if (expiry != null && (expiry < 10 || expiry > 300)) {
        throw usage("--expiry must be between 10 and 300 seconds, got " + expiry);
      }
    }

    @Override
    int run(CourseportClient client) {
      out()
          .println(
              client.buildPreviewLaunchLink(
                  courseId,
                  version.value(),
                  expiry == null
                      ? java.util.OptionalInt.empty()
                      : java.util.OptionalInt.of(expiry)));
      return 0;
    }
  }
}
