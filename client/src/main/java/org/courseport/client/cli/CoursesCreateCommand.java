package org.courseport.client.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.courseport.api.v1.AuthoredLesson;
import org.courseport.api.v1.AuthoredModule;
import org.courseport.api.v1.CourseJob;
import org.courseport.api.v1.CreateCourseRequest;
import org.courseport.api.v1.CreateCourseResponse;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courses create --from-lessons "TITLE=LESSON@VERSION,..." [--from-lessons ...] [--subject
 * S] [--name N] [--headline H] [--format onepage|classic] [--language L] [--callback-url URL]
 * [--wait] [--json]}: one module per {@code --from-lessons} (or per {@code ;}-separated part), its
 * lessons in the order given.
 */
@Command(
    name = "create",
    description =
        "Create a course from published lesson versions (a job; --wait follows it to the end).")
final class CoursesCreateCommand extends ClientCommand {
  @Option(
      names = "--from-lessons",
      required = true,
      paramLabel = "TITLE=LESSON@VERSION,...",
      description =
          "A module: its title, '=', then its lesson versions as lessonId@versionId separated by"
              + " commas. Repeat the option (or separate modules with ';') for more modules.")
  List<String> modules;

  @Option(names = "--subject", description = "The subject (default: the first module's title).")
  String subject;

  @Option(names = "--name", description = "The course name (default: the subject).")
  String name;

  @Option(names = "--headline", description = "A one-line summary.")
  String headline;

  @Option(names = "--format", description = "onepage (default) or classic.")
  String format;

  @Option(names = "--language", description = "The content language (default en-US).")
  String language;

  @Option(names = "--callback-url", description = "Where course.created/course.failed go.")
  String callbackUrl;

  @Option(names = "--wait", description = "Poll the job until it is completed or failed.")
  boolean await;

  @Option(names = "--json", description = "Print the job as JSON.")
  boolean json;

  private final List<AuthoredModule> parsed = new ArrayList<>();

  @Override
  void checkArguments() {
    parsed.clear();
    for (String option : modules) {
      for (String part : option.split(";")) {
        if (!part.isBlank()) {
          parsed.add(module(part.strip()));
        }
      }
    }
    if (parsed.isEmpty()) {
      throw usage("--from-lessons names no module");
    }
  }

  private AuthoredModule module(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw usage(
          "--from-lessons must be TITLE=LESSON@VERSION[,LESSON@VERSION...], not '" + text + "'");
    }
    AuthoredModule.Builder module =
        AuthoredModule.newBuilder().setTitle(text.substring(0, eq).strip());
    for (String ref : text.substring(eq + 1).split(",")) {
      String[] ids = ref.strip().split("@", -1);
      if (ids.length != 2 || ids[0].isBlank() || ids[1].isBlank()) {
        throw usage(
            "--from-lessons: '" + ref.strip() + "' is not LESSON@VERSION (lessonId@versionId)");
      }
      module.addLessons(
          AuthoredLesson.newBuilder().setLessonId(ids[0].strip()).setVersionId(ids[1].strip()));
    }
    return module.build();
  }

  @Override
  int run(CourseportClient client) throws Exception {
    CreateCourseRequest.Builder request =
        CreateCourseRequest.newBuilder()
            .setSubject(subject != null ? subject : parsed.get(0).getTitle())
            .addAllModules(parsed);
    if (name != null) {
      request.setName(name);
    }
    if (headline != null) {
      request.setHeadline(headline);
    }
    if (format != null) {
      request.setFormat(format);
    }
    if (language != null) {
      request.setLanguageId(language);
    }
    if (callbackUrl != null) {
      request.setCallbackUrl(callbackUrl);
    }
    CreateCourseResponse created = client.authoring().create(request.build());
    if (!await) {
      if (json) {
        Json.print(created, out());
      } else {
        out().println("job:    " + created.getJobId());
        out().println("status: " + created.getStatus());
      }
      return 0;
    }
    CourseJob job =
        client
            .authoring()
            .await(created.getJobId(), Duration.ofMillis(250), Duration.ofMinutes(10));
    if (json) {
      Json.print(job, out());
    } else {
      out().println("job:    " + job.getJobId());
      out().println("status: " + job.getStatus());
      if (job.hasCourse()) {
        out().println("course: " + job.getCourse().getId());
        out().println("name:   " + job.getCourse().getName());
        out().println("share:  " + job.getCourse().getShareUrl());
      }
    }
    if (job.getStatus().equals("failed")) {
      err()
          .println(
              "Course creation failed: "
                  + job.getError().getMessage()
                  + " ("
                  + job.getError().getCode()
                  + ")");
      return 1;
    }
    return job.getStatus().equals("completed") ? 0 : 1;
  }
}
