package portcullis.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00.250Z");

  @Test
  void ttl_countsFromTheTimestampNotFromNow() {
    Duration w = Duration.ofSeconds(2);
    assertThat(ReplayWindow.ttl(NOW.plusSeconds(2), w, NOW)).isEqualTo(Duration.ofSeconds(6));
    assertThat(ReplayWindow.ttl(NOW, w, NOW)).isEqualTo(Duration.ofSeconds(4));
    assertThat(ReplayWindow.ttl(NOW.minusSeconds(2), w, NOW)).isEqualTo(ReplayWindow.MARGIN);
    assertThat(ReplayWindow.ttl(NOW.minusSeconds(60), w, NOW)).as("never shorter than the margin").isEqualTo(ReplayWindow.MARGIN);
    assertThat(ReplayWindow.untimed(w)).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void ttl_alwaysReachesPastTheLastSecondTheTimestampPasses() {
    Random r = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      Duration w = Duration.ofSeconds(1 + r.nextInt(3600));
      Instant now = NOW.plusMillis(r.nextInt(86_400_000)).plusNanos(r.nextInt(1_000_000));
      long tsSeconds = now.getEpochSecond() + r.nextLong(-w.toSeconds(), w.toSeconds() + 1);
      // seconds compared inclusively: accepted while floor(clock) - ts <= w, i.e. before ts + w + 1 s
      Instant lastAccepted = Instant.ofEpochSecond(tsSeconds + w.toSeconds() + 1).minusNanos(1);
      Instant expires = now.plus(ReplayWindow.ttl(Instant.ofEpochSecond(tsSeconds), w, now));
      assertThat(expires).isAfter(lastAccepted);
      assertThat(ReplayWindow.ttl(Instant.ofEpochSecond(tsSeconds), w, now)).isLessThanOrEqualTo(w.multipliedBy(2).plus(ReplayWindow.MARGIN).plusSeconds(1));
    }
  }
}
