package org.courseport.transcoding.scormcloud;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.EnumSet;
import java.util.Set;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.MethodNotAllowed;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.json.JsonNaming;
import org.courseport.transcoding.scormcloud.DownloadService.Target;

/**
 * The SCORM Cloud API v2 ({@code /api/v2}): {@code {"message"}} errors, lowerCamel JSON, and the
 * hand-written multipart upload and zip/asset download routes next to the transcoded ones.
 */
public final class ScormCloudDialect implements Dialect {

  /** The one instance. */
  public static final ScormCloudDialect INSTANCE = new ScormCloudDialect();

  /** Path prefix of the SCORM Cloud API v2 routes. */
  static final String PREFIX = "/api/v2";

  /** Room for the form's boundaries, part headers and small fields on top of the file itself. */
  private static final long FORM_OVERHEAD_BYTES = 1024 * 1024;

  private static final String UPLOAD = PREFIX + "/courses/importJobs/upload";
  private static final String COURSE = PREFIX + "/courses/{courseId}";
  private static final String VERSION = COURSE + "/versions/{versionId}";

  private ScormCloudDialect() {}

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public ErrorRenderer errorRenderer() {
    return ScormCloudErrorRenderer.INSTANCE;
  }

  @Override
  public JsonNaming jsonNaming() {
    return JsonNaming.LOWER_CAMEL;
  }

  @Override
  public Set<String> transcodedServices() {
    return Set.of(CourseServiceGrpc.SERVICE_NAME);
  }

  @Override
  public void addRoutes(ServerBuilder sb, RouteContext context) {
    // Without this, GET .../importJobs/upload matches importJobs/{importJobId} and answers
    // "Import job 'upload' not found" instead of naming the method.
    sb.route()
        .path(UPLOAD)
        .methods(EnumSet.complementOf(EnumSet.of(HttpMethod.POST, HttpMethod.UNKNOWN)))
        .build(new MethodNotAllowed(ScormCloudErrorRenderer.INSTANCE, Set.of(HttpMethod.POST)));
    sb.route()
        .post(UPLOAD)
        .requestTimeoutMillis(0)
        .maxRequestLength(saturatedAdd(context.maxUploadBytes(), FORM_OVERHEAD_BYTES))
        .build(new UploadService(context));
    for (Target target : Target.values()) {
      String suffix = target == Target.ZIP ? "/zip" : "/asset";
      DownloadService download = new DownloadService(context.channel(), target);
      for (String path : new String[] {COURSE + suffix, VERSION + suffix}) {
        sb.route()
            .path(path)
            .methods(HttpMethod.GET, HttpMethod.HEAD)
            .requestTimeoutMillis(0)
            .build(download);
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
