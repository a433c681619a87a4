package org.courseport.server.content;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.courseport.server.domain.Sha256;

/**
 * {@code GET /player/assets/{file}}: the player's script and style and the bundled scorm-again
 * builds, from the classpath folder {@code player/assets/} (the build copies them there), kept in
 * memory once read, with their content type, an entity tag and a day of public caching.
 */
final class PlayerAssets {
  static final String CLASSPATH_FOLDER = "player/assets/";

  /** Plain names with an extension (a folder name would list the folder on some class paths). */
  private static final Pattern SAFE =
      Pattern.compile(
          "([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");

  private record Asset(byte[] bytes, String etag) {}

  private final ClassLoader loader;
  private final ConcurrentHashMap<String, Asset> loaded = new ConcurrentHashMap<>();

  PlayerAssets(ClassLoader loader) {
    this.loader = loader;
  }

  HttpResponse serve(HttpRequest req, String file) {
    Optional<Asset> asset =
        SAFE.matcher(file).matches() && !file.contains("..") ? find(file) : Optional.empty();
    if (asset.isEmpty()) {
      return Pages.text(HttpStatus.NOT_FOUND, "No such player asset");
    }
    Asset a = asset.get();
    var headers =
        ResponseHeaders.builder(HttpStatus.OK)
            .add(HttpHeaderNames.CONTENT_TYPE, ContentTypes.of(file))
            .add(HttpHeaderNames.CACHE_CONTROL, "public, max-age=86400")
            .add(HttpHeaderNames.ETAG, a.etag())
            .add("x-content-type-options", "nosniff");
    if (PackageFileResponder.matches(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), a.etag())) {
      return HttpResponse.of(headers.status(HttpStatus.NOT_MODIFIED).build());
    }
    return HttpResponse.of(headers.build(), HttpData.wrap(a.bytes()));
  }

  private Optional<Asset> find(String file) {
    Asset known = loaded.get(file);
    if (known != null) {
      return Optional.of(known);
    }
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_FOLDER + file)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String etag = "\"" + Sha256.hex(Sha256.newDigest().digest(bytes)).substring(0, 32) + "\"";
      Asset asset = new Asset(bytes, etag);
      loaded.putIfAbsent(file, asset);
      return Optional.of(asset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
