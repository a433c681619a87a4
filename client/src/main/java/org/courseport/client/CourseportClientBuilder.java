package org.courseport.client;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.Objects;

/** Builds a {@link CourseportClient} from a {@code host:port} target or a ready channel. */
public final class CourseportClientBuilder {
  private String target;
  private ManagedChannel channel;
  private ApiKey apiKey;
  private Duration callTimeout = Duration.ofSeconds(60);
  private Duration pollInitial = Duration.ofMillis(250);
  private Duration pollMax = Duration.ofSeconds(5);

  CourseportClientBuilder() {}

  /** Connects in plaintext to {@code host:port}; the client owns and closes this channel. */
  public CourseportClientBuilder target(String hostPort) {
    this.target = Objects.requireNonNull(hostPort, "target");
    this.channel = null;
    return this;
  }

  /** Uses a channel the caller created and will shut down (TLS, in-process, custom options). */
  public CourseportClientBuilder channel(ManagedChannel managedChannel) {
    this.channel = Objects.requireNonNull(managedChannel, "channel");
    this.target = null;
    return this;
  }

  /** The API key sent with every call. Required. */
  public CourseportClientBuilder apiKey(ApiKey key) {
    this.apiKey = Objects.requireNonNull(key, "apiKey");
    return this;
  }

  /** Deadline of each unary call (streaming calls have none); 60 s by default. */
  public CourseportClientBuilder callTimeout(Duration timeout) {
    this.callTimeout = positive(timeout, "callTimeout");
    return this;
  }

  /** First and largest delay between import-job polls; 250 ms and 5 s by default. */
  public CourseportClientBuilder pollBackoff(Duration initial, Duration max) {
    this.pollInitial = positive(initial, "initial");
    this.pollMax = positive(max, "max");
    return this;
  }

  /** Creates the client; needs an API key and either a target or a channel. */
  public CourseportClient build() {
    if (apiKey == null) {
      throw new IllegalStateException("an API key is required");
    }
    if (channel != null) {
      return new CourseportClient(this, channel, false);
    }
    if (target == null) {
      throw new IllegalStateException("a target or a channel is required");
    }
    ManagedChannel owned = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    return new CourseportClient(this, owned, true);
  }

  String target() {
    return target;
  }

  ApiKey apiKey() {
    return apiKey;
  }

  Duration callTimeout() {
    return callTimeout;
  }

  Duration pollInitial() {
    return pollInitial;
  }

  Duration pollMax() {
    return pollMax;
  }

  private static Duration positive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }
}
