package org.courseport.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.courseport.api.v1.ListMediaResponse;
import org.courseport.api.v1.MediaAttribution;
import org.courseport.api.v1.MediaItem;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code media}: the tenant's media library (images, audio, video, PDF) used by lessons. */
@Command(
    name = "media",
    description = "Upload media files, register external media by URL, list, show and delete.",
    subcommands = {
      MediaCommand.Upload.class,
      MediaCommand.AddUrl.class,
      MediaCommand.ListMedia.class,
      MediaCommand.Get.class,
      MediaCommand.Delete.class
    })
final class MediaCommand extends GroupCommand {

  /** The attribution options shared by upload and add-url. */
  static final class AttributionOptions {
    @Option(names = "--attribution-text", description = "Credit line, e.g. 'Photo by Jane Doe'.")
    String text;

    @Option(names = "--attribution-url", description = "URL of the work (e.g. its Unsplash page).")
    String url;

    @Option(names = "--attribution-portfolio-url", description = "URL of the author's portfolio.")
    String portfolioUrl;

    Optional<MediaAttribution> toProto() {
      if (text == null && url == null && portfolioUrl == null) {
        return Optional.empty();
      }
      MediaAttribution.Builder b = MediaAttribution.newBuilder();
      Optional.ofNullable(text).ifPresent(b::setText);
      Optional.ofNullable(url).ifPresent(b::setUrl);
      Optional.ofNullable(portfolioUrl).ifPresent(b::setPortfolioUrl);
      return Optional.of(b.build());
    }
  }

  /** {@code media upload FILE [--mime-type T] [--attribution-text …] [--json]}. */
  @Command(
      name = "upload",
      description = "Upload a media file; its type is detected from its content.")
  static final class Upload extends ClientCommand {
    @Parameters(paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Option(
        names = "--mime-type",
        description = "The MIME type you expect (checked against the content), e.g. image/png.")
    String type;

    @picocli.CommandLine.ArgGroup(exclusive = false)
    AttributionOptions attribution = new AttributionOptions();

    @Option(names = "--json", description = "Print the media item as JSON.")
    boolean json;

    @Override
    void checkArguments() {
      if (!Files.isRegularFile(file)) {
        throw usage("no such file: " + file);
      }
    }

    @Override
    int run(CourseportClient client) throws Exception {
      MediaItem item =
          client
              .media()
              .upload(
                  file,
                  Optional.ofNullable(type),
                  attribution == null ? Optional.empty() : attribution.toProto(),
                  (sent, total) -> {});
      print(item, json);
      return 0;
    }

    private void print(MediaItem item, boolean asJson) {
      MediaCommand.print(item, asJson, out());
    }
  }

  /** {@code media add-url URL [--mime-type T] [--attribution-text …] [--json]}. */
  @Command(
      name = "add-url",
      description = "Register external media by URL; it is fetched when a lesson is exported.")
  static final class AddUrl extends ClientCommand {
    @Parameters(paramLabel = "URL", description = "Absolute http(s) URL of the media.")
    String url;

    @Option(
        names = "--mime-type",
        description = "The media's MIME type, if the URL does not show it.")
    String type;

    @picocli.CommandLine.ArgGroup(exclusive = false)
    AttributionOptions attribution = new AttributionOptions();

    @Option(names = "--json", description = "Print the media item as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      MediaItem item =
          client
              .media()
              .addUrl(
                  url,
                  Optional.ofNullable(type),
                  attribution == null ? Optional.empty() : attribution.toProto());
      MediaCommand.print(item, json, out());
      return 0;
    }
  }

  /** {@code media list [--json]}. */
  @Command(name = "list", description = "List the media, oldest first.")
  static final class ListMedia extends ClientCommand {
    @Option(names = "--json", description = "Print the media as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      List<MediaItem> items = client.media().listAll();
      if (json) {
        Json.print(ListMediaResponse.newBuilder().addAllMedia(items), out());
        return 0;
      }
      TextTable table = new TextTable("ID", "CREATED", "TYPE", "SIZE", "NAME");
      for (MediaItem m : items) {
        table.row(
            m.getId(),
            CourseText.time(m.getCreatedAt()),
            m.getMimeType().isEmpty() ? "-" : m.getMimeType(),
            m.hasSizeBytes() ? Sizes.human(m.getSizeBytes()) : "external",
            m.getExternal() ? m.getUrl() : m.getFilename());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code media get ID [--json]}. */
  @Command(name = "get", description = "Show one media item.")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Media id.")
    String mediaId;

    @Option(names = "--json", description = "Print the media item as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      MediaCommand.print(client.media().get(mediaId), json, out());
      return 0;
    }
  }

  /** {@code media delete ID}. */
  @Command(name = "delete", description = "Delete a media item no lesson uses.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Media id.")
    String mediaId;

    @Override
    int run(CourseportClient client) {
      client.media().delete(mediaId);
      out().println("deleted media '" + mediaId + "'");
      return 0;
    }
  }

  static void print(MediaItem m, boolean asJson, java.io.PrintWriter out) {
    if (asJson) {
      Json.print(m, out);
      return;
    }
    out.println("id:        " + m.getId());
    out.println("type:      " + (m.getMimeType().isEmpty() ? "(unknown)" : m.getMimeType()));
    if (m.getExternal()) {
      out.println("url:       " + m.getUrl());
    } else {
      out.println("file:      " + m.getFilename());
      out.println("size:      " + m.getSizeBytes() + " bytes");
      out.println("sha256:    " + m.getSha256());
    }
    if (m.hasAttribution()) {
      MediaAttribution a = m.getAttribution();
      out.println(
          "credit:    "
              + a.getText()
              + (a.getUrl().isEmpty() ? "" : " <" + a.getUrl() + ">")
              + (a.getPortfolioUrl().isEmpty() ? "" : " (" + a.getPortfolioUrl() + ")"));
    }
    out.println("reference: media:" + m.getId());
  }
}
