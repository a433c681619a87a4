package org.courseport.client.cli;

import java.util.Map;
import org.courseport.api.v1.SettingItem;
import org.courseport.api.v1.SettingList;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courses config get|set|unset}: the settings of a course or course version. */
@Command(
    name = "config",
    description = "Show, set or clear the settings of a course or a course version.",
    subcommands = {
      CoursesConfigCommand.Get.class,
      CoursesConfigCommand.Set.class,
      CoursesConfigCommand.Unset.class
    })
final class CoursesConfigCommand extends GroupCommand {

  /** {@code courses config get ID [--version N] [--metadata] [--json]}. */
  @Command(name = "get", description = "Show the effective settings.")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Course id.")
    String courseId;

    @Mixin VersionOption version;

    @Option(names = "--metadata", description = "Include type, default and description.")
    boolean metadata;

    @Option(names = "--json", description = "Print the settings as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      SettingList settings = client.getCourseConfiguration(courseId, version.value(), metadata);
      if (json) {
        Json.print(settings, out());
        return 0;
      }
      TextTable table =
          metadata
              ? new TextTable("SETTING", "VALUE", "SOURCE", "TYPE", "DEFAULT", "DESCRIPTION")
              : new TextTable("SETTING", "VALUE", "SOURCE");
      for (SettingItem item : settings.getSettingItemsList()) {
        if (metadata) {
          table.row(
              item.getId(),
              item.getEffectiveValue(),
              item.getEffectiveValueSource(),
              item.getMetadata().getDataType(),
              item.getMetadata().getDefault(),
              item.getMetadata().getSettingDescription());
        } else {
          table.row(item.getId(), item.getEffectiveValue(), item.getEffectiveValueSource());
        }
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code courses config set ID SETTING VALUE [--version N]}. */
  @Command(name = "set", description = "Set one setting explicitly.")
  static final class Set extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Course id.")
    String courseId;

    @Parameters(index = "1", paramLabel = "SETTING", description = "Setting id.")
    String setting;

    @Parameters(index = "2", paramLabel = "VALUE", description = "New value.")
    String value;

    @Mixin VersionOption version;

    @Override
    int run(CourseportClient client) {
      client.setCourseConfiguration(courseId, version.value(), Map.of(setting, value));
      out().println("set " + setting + " = " + value + " on " + level(courseId, version));
      return 0;
    }
  }

  /** {@code courses config unset ID SETTING [--version N]}. */
  @Command(name = "unset", description = "Clear one setting so that it inherits again.")
  static final class Unset extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Course id.")
    String courseId;

    @Parameters(index = "1", paramLabel = "SETTING", description = "Setting id.")
    String setting;

    @Mixin VersionOption version;

    @Override
    int run(CourseportClient client) {
      client.deleteCourseConfigurationSetting(courseId, version.value(), setting);
      out().println("cleared " + setting + " on " + level(courseId, version));
      return 0;
    }
  }

  private static String level(String courseId, VersionOption version) {
    return version.value().isPresent()
        ? "version " + version.value().getAsInt() + " of course '" + courseId + "'"
        : "course '" + courseId + "'";
  }
}
