package org.courseport.server.grpc.course;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseQuery;

/**
 * GetCourses filters and the opaque {@code more} token. The token carries the original request's
 * filters and the offset of the next page, so a {@code more} call needs nothing else.
 */
final class CoursePaging {
  private CoursePaging() {}

  /** A decoded listing request: filters plus where the page starts. */
  record Page(GetCoursesRequest filters, int offset) {}

  static Page page(GetCoursesRequest request) {
    if (request.getMore().isEmpty()) {
      return new Page(request, 0);
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(request.getMore());
      CodedInputStream in = CodedInputStream.newInstance(raw);
      int offset = in.readInt32();
      GetCoursesRequest filters = GetCoursesRequest.parseFrom(in.readBytes());
      if (offset < 0) {
        throw new InvalidProtocolBufferException("negative offset");
      }
      return new Page(filters, offset);
    } catch (IllegalArgumentException | IOException e) {
      throw DomainException.invalid(
          "PARAMETER_INVALID", "Parameter 'more' is not a token this server issued");
    }
  }

  static String token(GetCoursesRequest filters, int offset) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32NoTag(offset);
      out.writeBytesNoTag(filters.toBuilder().clearMore().build().toByteString());
      out.flush();
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CourseQuery query(GetCoursesRequest r) {
    String dateField =
        QueryParams.choice(
            "datetimeFilter", r.getDatetimeFilter(), "updated", "created", "updated");
    String filterBy =
        QueryParams.choice("filterBy", r.getFilterBy(), "course_id", "course_id", "title", "tags");
    String orderBy =
        QueryParams.choice(
            "orderBy",
            r.getOrderBy(),
            "created_desc",
            "created_asc",
            "created_desc",
            "updated_asc",
            "updated_desc",
            "title_asc",
            "title_desc");
    return new CourseQuery(
        QueryParams.instant("since", r.getSince()),
        QueryParams.instant("until", r.getUntil()),
        CourseQuery.DateField.valueOf(dateField.toUpperCase(Locale.ROOT)),
        QueryParams.csv(r.getTags()),
        r.getFilter().isBlank() ? null : r.getFilter().trim(),
        CourseQuery.FilterField.valueOf(filterBy.toUpperCase(Locale.ROOT)),
        CourseQuery.Order.valueOf(orderBy.toUpperCase(Locale.ROOT)));
  }
}
