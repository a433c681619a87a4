package org.courseport.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.courseport.api.v1.ListWidgetsResponse;
import org.courseport.api.v1.Widget;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code widgets}: the tenant's widgets (a JavaScript bundle and optional CSS). */
@Command(
    name = "widgets",
    description = "Upload and list widgets that lessons' widget blocks name.",
    subcommands = {WidgetsCommand.Upload.class, WidgetsCommand.ListWidgets.class})
final class WidgetsCommand extends GroupCommand {

  /** {@code widgets upload --type T --script a.js [--style a.css] [--json]}. */
  @Command(name = "upload", description = "Upload a widget's script and optional style sheet.")
  static final class Upload extends ClientCommand {
    @Option(
        names = "--type",
        required = true,
        description = "The widget type, e.g. multiple-choice.")
    String type;

    @Option(names = "--script", required = true, description = "The JavaScript bundle.")
    Path script;

    @Option(names = "--style", description = "The CSS file (optional).")
    Path style;

    @Option(names = "--json", description = "Print the widget as JSON.")
    boolean json;

    @Override
    void checkArguments() {
      if (!Files.isRegularFile(script)) {
        throw usage("no such file: " + script);
      }
      if (style != null && !Files.isRegularFile(style)) {
        throw usage("no such file: " + style);
      }
    }

    @Override
    int run(CourseportClient client) throws Exception {
      Widget w = client.media().uploadWidget(type, script, Optional.ofNullable(style));
      if (json) {
        Json.print(w, out());
        return 0;
      }
      out().println("id:     " + w.getId());
      out().println("type:   " + w.getWidgetType());
      out().println("script: " + w.getScriptSizeBytes() + " bytes, sha256 " + w.getScriptSha256());
      out()
          .println(
              "style:  "
                  + (w.getStyleSha256().isEmpty()
                      ? "(none)"
                      : w.getStyleSizeBytes() + " bytes, sha256 " + w.getStyleSha256()));
      return 0;
    }
  }

  /** {@code widgets list [--json]}. */
  @Command(name = "list", description = "List the widgets, oldest first.")
  static final class ListWidgets extends ClientCommand {
    @Option(names = "--json", description = "Print the widgets as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      List<Widget> widgets = client.media().listWidgets();
      if (json) {
        Json.print(ListWidgetsResponse.newBuilder().addAllWidgets(widgets), out());
        return 0;
      }
      TextTable table = new TextTable("ID", "CREATED", "TYPE", "CSS");
      for (Widget w : widgets) {
        table.row(
            w.getId(),
            CourseText.time(w.getCreatedAt()),
            w.getWidgetType(),
            w.getStyleSha256().isEmpty() ? "no" : "yes");
      }
      table.print(out());
      return 0;
    }
  }
}
