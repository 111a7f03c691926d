package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import portcullis.core.Failure;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;

/**
 * What every {@link ReplayStore} must do, whatever it keeps its values in: a first use holds once
 * (also among concurrent claims), counts must go up, keys do not collide, entries are kept for their
 * TTL and then forgotten. An implementation's test extends this and says how to make a fresh store
 * and how to let time pass for it.
 */
abstract class ReplayStoreContract {
  static final Failure REPLAY = Seed000Dialect.INSTANCE.unavailable();

  /** A new, empty store. */
  abstract ReplayStore store();

  /** Lets {@code d} pass for {@code store}'s clock (move a test clock, or sleep). */
  abstract void elapse(ReplayStore store, Duration d) throws InterruptedException;

  static boolean claim(ReplayStore s, Claim c) {
    return s.claim(c).toCompletableFuture().join();
  }

  static Claim first(String key, Duration ttl) {
    return Claim.firstUse(key, ttl, REPLAY);
  }

  @Test
  void firstUse_holdsOnce_evenAmongConcurrentClaims() {
    ReplayStore s = store();
    List<CompletableFuture<Boolean>> all = IntStream.range(0, 64).parallel()
        .mapToObj(i -> s.claim(first("ksig1:client:nonce", Duration.ofMinutes(10))).toCompletableFuture()).toList();
    assertThat(all.stream().filter(CompletableFuture::join).count()).isEqualTo(1);
    assertThat(claim(s, first("ksig1:other-client:nonce", Duration.ofMinutes(10)))).isTrue();
  }

  @Test
  void counts_mustGoUp() {
    ReplayStore s = store();
    assertThat(claim(s, Claim.increase("digest:n", 1, Duration.ofMinutes(5), REPLAY))).isTrue();
    assertThat(claim(s, Claim.increase("digest:n", 1, Duration.ofMinutes(5), REPLAY))).isFalse();
    assertThat(claim(s, Claim.increase("digest:n", 3, Duration.ofMinutes(5), REPLAY))).isTrue();
    assertThat(claim(s, Claim.increase("digest:n", 2, Duration.ofMinutes(5), REPLAY))).isFalse();
    assertThat(claim(s, Claim.increase("digest:other", 1, Duration.ofMinutes(5), REPLAY))).isTrue();
  }

  @Test
  void keptForItsTtl_thenForgotten() throws InterruptedException {
    ReplayStore s = store();
    assertThat(claim(s, first("k", Duration.ofSeconds(2)))).isTrue();
    assertThat(claim(s, Claim.increase("c", 1, Duration.ofSeconds(2), REPLAY))).isTrue();
    elapse(s, Duration.ofMillis(1500));
    assertThat(claim(s, first("k", Duration.ofSeconds(2)))).as("still remembered before its TTL").isFalse();
    assertThat(claim(s, Claim.increase("c", 1, Duration.ofSeconds(2), REPLAY))).isFalse();
    elapse(s, Duration.ofMillis(1000));
    assertThat(claim(s, first("k", Duration.ofSeconds(2)))).as("forgotten once past its TTL").isTrue();
    assertThat(claim(s, Claim.increase("c", 1, Duration.ofSeconds(2), REPLAY))).isTrue();
  }
}
