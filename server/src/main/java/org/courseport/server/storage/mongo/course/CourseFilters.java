package org.courseport.server.storage.mongo.course;

import static org.courseport.server.storage.mongo.course.CourseMapper.COURSE_ID;
import static org.courseport.server.storage.mongo.course.CourseMapper.CREATED;
import static org.courseport.server.storage.mongo.course.CourseMapper.LATEST_VERSION;
import static org.courseport.server.storage.mongo.course.CourseMapper.TAGS;
import static org.courseport.server.storage.mongo.course.CourseMapper.TENANT_ID;
import static org.courseport.server.storage.mongo.course.CourseMapper.TITLE;
import static org.courseport.server.storage.mongo.course.CourseMapper.TITLE_KEY;
import static org.courseport.server.storage.mongo.course.CourseMapper.UPDATED;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.storage.mongo.support.DocumentValues;

/** Translates a {@link CourseQuery} into a filter and a sort of the {@code courses} collection. */
final class CourseFilters {
  private CourseFilters() {}

  /**
   * The filter of a query, always restricted to one tenant and to courses with a stored version (a
   * course whose first import is still being recorded is not listed, nor counted).
   */
  static Bson filter(String tenantId, CourseQuery query) {
    List<Bson> parts = new ArrayList<>();
    parts.add(Filters.eq(TENANT_ID, tenantId));
    parts.add(Filters.gte(LATEST_VERSION, 0));
    String dateField = query.dateField() == CourseQuery.DateField.CREATED ? CREATED : UPDATED;
    if (query.since() != null) {
      parts.add(Filters.gte(dateField, DocumentValues.date(query.since())));
    }
    if (query.until() != null) {
      parts.add(Filters.lte(dateField, DocumentValues.date(query.until())));
    }
    if (!query.anyTags().isEmpty()) {
      parts.add(Filters.in(TAGS, query.anyTags()));
    }
    if (query.filter() != null && !query.filter().isEmpty()) {
      parts.add(Filters.regex(textField(query.filterBy()), literalPattern(query.filter()), "i"));
    }
    return Filters.and(parts);
  }

  /** The sort of a query: its order (newest first when absent), then course id ascending. */
  static Bson sort(CourseQuery.Order order) {
    Bson primary =
        switch (order == null ? CourseQuery.Order.CREATED_DESC : order) {
          case CREATED_ASC -> Sorts.ascending(CREATED);
          case CREATED_DESC -> Sorts.descending(CREATED);
          case UPDATED_ASC -> Sorts.ascending(UPDATED);
          case UPDATED_DESC -> Sorts.descending(UPDATED);
          case TITLE_ASC -> Sorts.ascending(TITLE_KEY);
          case TITLE_DESC -> Sorts.descending(TITLE_KEY);
        };
    return Sorts.orderBy(primary, Sorts.ascending(COURSE_ID));
  }

  private static String textField(CourseQuery.FilterField field) {
    return switch (field == null ? CourseQuery.FilterField.COURSE_ID : field) {
      case COURSE_ID -> COURSE_ID;
      case TITLE -> TITLE;
      case TAGS -> TAGS;
    };
  }

  /**
   * A regular expression matching {@code text} literally. Every ASCII character other than a letter
   * or digit is escaped with a backslash, which both PCRE (MongoDB) and java.util.regex
   * (mongo-java-server) read as that character itself; other characters stand for themselves,
   * except NUL, which a BSON pattern cannot hold and is written as {@code \x00}.
   */
  static String literalPattern(String text) {
    StringBuilder sb = new StringBuilder(text.length() * 2);
    text.codePoints()
        .forEach(
            cp -> {
              boolean asciiWord =
                  (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
              if (cp == 0) {
                sb.append("\\x00");
                return;
              }
              if (cp < 0x80 && !asciiWord) {
                sb.append('\\');
              }
              sb.appendCodePoint(cp);
            });
    return sb.toString();
  }
}
