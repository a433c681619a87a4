package org.courseport.server.outage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.courseport.server.storage.mongo.StoreHealth;
import org.junit.jupiter.api.Test;

/** The watcher's state follows its pings; listeners hear each change once, in order. */
class StoreHealthTest {
  private final AtomicBoolean up = new AtomicBoolean(true);

  private void ping() {
    if (!up.get()) {
      throw new MongoTimeoutException("no server");
    }
  }

  @Test
  void checks_flipTheState_andListenersHearOnlyChanges() {
    try (StoreHealth health = new StoreHealth(this::ping, Duration.ofHours(1))) {
      List<Boolean> heard = new CopyOnWriteArrayList<>();
      health.addListener(heard::add);
      assertThat(heard).containsExactly(true); // told the current state when added

      assertThat(health.check()).isTrue();
      up.set(false);
      assertThat(health.check()).isFalse();
      assertThat(health.check()).isFalse();
      assertThat(health.serving()).isFalse();
      up.set(true);
      assertThat(health.check()).isTrue();

      assertThat(heard).containsExactly(true, false, true);
      assertThat(health.serving()).isTrue();
    }
  }

  @Test
  void suspect_pingsAtOnceOnTheWatcherThread_andPeriodicPingsNoticeRecovery() throws Exception {
    BlockingQueue<Boolean> heard = new LinkedBlockingQueue<>();
    // The interval is long: only suspect() can make the first change visible quickly.
    try (StoreHealth health = new StoreHealth(this::ping, Duration.ofMinutes(10))) {
      health.addListener(heard::add);
      assertThat(heard.take()).isTrue();
      health.start();
      up.set(false);
      health.suspect();
      assertThat(heard.poll(60, TimeUnit.SECONDS)).isFalse();
      up.set(true);
      health.suspect();
      assertThat(heard.poll(60, TimeUnit.SECONDS)).isTrue();
    }
    // A short interval notices a change without being asked.
    try (StoreHealth periodic = new StoreHealth(this::ping, Duration.ofMillis(20))) {
      periodic.addListener(heard::add);
      assertThat(heard.take()).isTrue();
      periodic.start();
      up.set(false);
      assertThat(heard.poll(60, TimeUnit.SECONDS)).isFalse();
      up.set(true);
      assertThat(heard.poll(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aFailingListener_doesNotKeepTheOthersFromHearing_norStopThePings() throws Exception {
    BlockingQueue<Boolean> heard = new LinkedBlockingQueue<>();
    try (StoreHealth health = new StoreHealth(this::ping, Duration.ofMillis(20))) {
      health.addListener(
          serving -> {
            if (!serving) {
              throw new IllegalStateException("listener broke");
            }
          });
      health.addListener(heard::add);
      assertThat(heard.take()).isTrue();
      health.start();
      up.set(false);
      assertThat(heard.poll(60, TimeUnit.SECONDS)).isFalse();
      up.set(true);
      assertThat(heard.poll(60, TimeUnit.SECONDS)).isTrue();
    }
  }
}
