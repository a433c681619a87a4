package org.courseport.server.webhooks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.NewDelivery;
import org.courseport.server.domain.delivery.WebhookEvents;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.SessionChangeListener;
import org.courseport.server.domain.settings.SettingIds;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.settings.SettingsService;

/**
 * Sends SCORM Cloud registration postbacks: when a stored commit changed a tracked session's
 * rolled-up state, the session's result (RegistrationSchema's core) is POSTed to the effective
 * {@code ApiRollupRegistrationPostBackUrl} of the session's course version, through the {@link
 * DeliveryEngine} (stored first, retried, SSRF-guarded, plain HTTP allowed as for import
 * postbacks).
 *
 * <p>Credentials ({@code ApiRollupRegistrationAuth*}), sent only when the user is set: {@code
 * httpbasic} puts them in an HTTP Basic {@code Authorization} header and the body is the JSON;
 * {@code form} (the default) sends an {@code application/x-www-form-urlencoded} body with the
 * fields {@code username}, {@code password} and {@code data} (the JSON). Without a user the body is
 * the JSON alone. Previews never commit, so they never post back.
 */
public final class RegistrationPostbacks implements SessionChangeListener {
  private final SettingsService settings;
  private final DeliveryEngine engine;

  public RegistrationPostbacks(SettingsService settings, DeliveryEngine engine) {
    this.settings = settings;
    this.engine = engine;
  }

  @Override
  public void changed(LaunchSession before, LaunchSession after) {
    send(after);
  }

  /**
   * Starts the postback of {@code session}'s current result; empty when its course version names no
   * postback URL.
   */
  public Optional<CompletableFuture<Delivery>> send(LaunchSession session) {
    SettingScope scope =
        SettingScope.version(session.tenantId(), session.courseId(), session.version());
    Optional<String> url = settings.effectiveNonEmpty(scope, SettingIds.REGISTRATION_POSTBACK_URL);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    String json = resultJson(session);
    Map<String, String> headers = Map.of();
    String body = json;
    Optional<String> user = settings.effectiveNonEmpty(scope, SettingIds.REGISTRATION_AUTH_USER);
    if (user.isPresent()) {
      String password = settings.effective(scope, SettingIds.REGISTRATION_AUTH_PASSWORD);
      if ("httpbasic".equals(settings.effective(scope, SettingIds.REGISTRATION_AUTH_TYPE))) {
        headers = Map.of("authorization", new BasicCredentials(user.get(), password).header());
      } else {
        headers = Map.of("content-type", "application/x-www-form-urlencoded");
        body =
            "username="
                + form(user.get())
                + "&password="
                + form(password == null ? "" : password)
                + "&data="
                + form(json);
      }
    }
    return Optional.of(
        engine.enqueueAndWatch(
            new NewDelivery(
                session.tenantId(),
                Delivery.Kind.POSTBACK,
                WebhookEvents.REGISTRATION_POSTBACK,
                session.sessionId(),
                null,
                url.get().trim(),
                headers,
                body)));
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * The session as SCORM Cloud's RegistrationSchema core: {@code id}, {@code
   * registrationCompletion}, {@code registrationSuccess}, {@code score.scaled} (0 to 100, as SCORM
   * Cloud reports it; absent without a score), {@code totalSecondsTracked}, {@code course}, {@code
   * learner}, {@code updated}.
   */
  public static String resultJson(LaunchSession s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.sessionId());
    out.put("registrationCompletion", completion(s.completionStatus()));
    out.put("registrationSuccess", success(s.successStatus()));
    if (s.scoreScaled() != null) {
      out.put(
          "score",
          Map.of(
              "scaled",
              java.math.BigDecimal.valueOf(s.scoreScaled()).movePointRight(2).doubleValue()));
    }
    out.put("totalSecondsTracked", s.totalTime().toMillis() / 1000.0);
    Map<String, Object> course = new LinkedHashMap<>();
    course.put("id", s.courseId());
    course.put("version", s.version());
    out.put("course", course);
    out.put("learner", Map.of("id", s.userId()));
    out.put("updated", s.updated().toString());
    return EventJson.write(out);
  }

  static String completion(String status) {
    return switch (status == null ? "" : status) {
      case "completed" -> "COMPLETED";
      case "incomplete" -> "INCOMPLETE";
      default -> "UNKNOWN";
    };
  }

  static String success(String status) {
    return switch (status == null ? "" : status) {
      case "passed" -> "PASSED";
      case "failed" -> "FAILED";
      default -> "UNKNOWN";
    };
  }
}
