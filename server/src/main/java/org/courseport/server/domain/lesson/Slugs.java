package org.courseport.server.domain.lesson;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Lesson slugs: derived from titles, checked when given. */
public final class Slugs {

  /** Longest slug accepted. */
  public static final int MAX_LENGTH = 100;

  /** Longest slug derived from a title (room is left for a {@code -n} suffix). */
  static final int MAX_DERIVED = 80;

  private static final Pattern VALID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");

  private Slugs() {}

  /**
   * The slug of a title: accents dropped, lower case, runs of other characters as one hyphen,
   * {@code lesson} when nothing is left ("Cell Biology: Part 1" gives {@code cell-biology-part-1}).
   */
  public static String fromTitle(String title) {
    String plain = MARKS.matcher(Normalizer.normalize(title, Normalizer.Form.NFKD)).replaceAll("");
    String slug = NON_ALNUM.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-");
    slug = trimHyphens(slug);
    if (slug.length() > MAX_DERIVED) {
      slug = trimHyphens(slug.substring(0, MAX_DERIVED));
    }
    return slug.isEmpty() ? "lesson" : slug;
  }

  /** The {@code n}-th candidate of a derived slug: the slug itself, then {@code slug-2}, ... */
  static String candidate(String base, int n) {
    return n <= 1 ? base : base + "-" + n;
  }

  /** Whether the slug has the accepted form. */
  public static boolean isValid(String slug) {
    return slug.length() <= MAX_LENGTH && VALID.matcher(slug).matches();
  }

  /** Checks a given slug; INVALID_ARGUMENT naming the problem otherwise. */
  static String check(String slug) {
    if (!isValid(slug)) {
      throw LessonErrors.invalidSlug(slug);
    }
    return slug;
  }

  private static String trimHyphens(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }
}
