package portcullis.core.scheme.keytoken;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import portcullis.core.Result;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.EdgeInstants;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.ReplayWindowProperty;
import portcullis.core.testing.ReplayWindowProperty.Use;

/**
 * Property: a key-token hashed secret (seed 003) is remembered for as long as its timestamp can
 * pass the window, with timestamps in milliseconds and in seconds: whenever the verifier without a
 * replay guard would still accept the same exchange at a later instant, the entry is live and the
 * exchange is refused as a replay.
 */
class KeyTokenReplayWindowTest {
  static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");
  static final String SECRET = "b7c9e2f0-secret";

  /** A key-token exchange: the hashed secret and the timestamp it was hashed with. */
  record Token(String hashed, String timestamp) {}

  @ParameterizedTest
  @CsvSource({"1,millis", "1,seconds", "2,millis", "2,seconds", "300,millis", "300,seconds"})
  void hashedSecret_keptUntilItsTimestampLeavesTheWindow(long windowSeconds, String unit) {
    Duration window = Duration.ofSeconds(windowSeconds);
    MovableClock clock = new MovableClock(BASE);
    ClockedReplayGuard guard = new ClockedReplayGuard(clock);
    KeyTokenStore none = (hash, d) -> Optional.empty();
    KeyTokenVerifier verifier = new KeyTokenVerifier(none, clock, window);
    KeyTokenVerifier probe = new KeyTokenVerifier(none, clock, window);
    MemoryDirectory dir = new MemoryDirectory();
    dir.client("pk_app", SECRET, dir.account("acc-1", "owner@example.com", "pw-owner-1", AccountStatus.ACTIVE), Set.of("read"),
        ClientStatus.ACTIVE);
    var result = new ReplayWindowProperty<Token, Result<KeyTokenVerifier.Grant>>(clock, guard,
        tok -> KeyTokenSchemeTest.committed(verifier.appToken("pk_app", tok.hashed(), tok.timestamp(), dir), guard), Result::isOk,
        tok -> probe.appToken("pk_app", tok.hashed(), tok.timestamp(), dir).isOk())
        .replayRefused(again -> assertThat(again.failure().message() + again.failure().detail()).contains("used already"))
        .run(new EdgeInstants(windowSeconds * 31 + unit.length()), window, "window " + windowSeconds + "s", (start, offset) -> {
          long tsMillis = start.toEpochMilli() + offset;
          String timestamp = unit.equals("millis") ? Long.toString(tsMillis) : Long.toString(Math.floorDiv(tsMillis, 1000));
          Instant tsInstant = Instant.ofEpochMilli(KeyTokens.toMillis(Long.parseLong(timestamp)));
          String hashed = KeyTokens.hashedSecret(SECRET, timestamp);
          if (guard.isLive("keytoken:pk_app:" + hashed)) {
            return null; // the same second twice (seconds timestamps): already used
          }
          return new Use<>(new Token(hashed, timestamp), tsInstant.plus(window), "timestamp " + timestamp);
        });
    // whole-second timestamps give fewer distinct values (several offsets fall in one second)
    assertThat(result.firstUses()).as("timestamps inside the window").isGreaterThan(unit.equals("millis") ? 30 : 5);
    assertThat(result.replays()).as("replays tried while the timestamp still passes").isGreaterThan(unit.equals("millis") ? 100 : 20);
  }
}
