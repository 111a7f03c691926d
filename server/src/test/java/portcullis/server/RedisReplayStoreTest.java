package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.core.StoreUnavailableException;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;
import portcullis.server.config.Settings;
import portcullis.server.redis.RedisConnection;
import portcullis.server.redis.RedisReplayStore;
import portcullis.server.testing.TestRedis;

/**
 * The Redis replay store: the contract on the throwaway redis-server of ./run-tests (each store in
 * a namespace of its own; time passes for real), its keys' TTLs in Redis, the script loaded again
 * after a SCRIPT FLUSH, and failing closed when nothing answers.
 */
class RedisReplayStoreTest extends ReplayStoreContract {
  static Vertx vertx;
  static RedisConnection redis;

  @BeforeAll
  static void connect() throws Exception {
    String url = TestRedis.url();
    vertx = Vertx.vertx();
    redis = RedisConnection.open(vertx, new Settings.Redis(url, null));
    redis.started().toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void close() {
    if (redis != null) {
      redis.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static String namespace() {
    return "portcullis:test:" + UUID.randomUUID() + ":";
  }

  @Override
  ReplayStore store() {
    return new RedisReplayStore(redis, namespace());
  }

  @Override
  void elapse(ReplayStore store, Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  /** Keys are the prefix and 11 bytes of SHA-256 of the claim key (never the client key or nonce in the clear), with their TTL. */
  @Test
  void keys_prefixedShortHashes_withTheirTtl() throws Exception {
    String ns = namespace();
    ReplayStore s = new RedisReplayStore(redis, ns);
    assertThat(claim(s, first("ksig1:c:n", Duration.ofSeconds(30)))).isTrue();
    assertThat(claim(s, Claim.increase("digest:n", 7, Duration.ofSeconds(30), REPLAY))).isTrue();
    byte[] nonceKey = RedisReplayStore.key(ns, "ksig1:c:n");
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest("ksig1:c:n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(nonceKey).hasSize(ns.length() + 11).startsWith(ns.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .endsWith(java.util.Arrays.copyOf(sha, 11));
    long ttl = redis.send(Request.cmd(Command.PTTL).arg(nonceKey)).await().toLong();
    assertThat(ttl).isBetween(25_000L, 30_000L);
    byte[] countKey = RedisReplayStore.key(ns, "digest:n");
    assertThat(redis.send(Request.cmd(Command.GET).arg(countKey)).await().toString()).isEqualTo("7");
    assertThat(redis.send(Request.cmd(Command.PTTL).arg(countKey)).await().toLong()).isBetween(25_000L, 30_000L);
    assertThat(redis.send(Request.cmd(Command.EXISTS).arg(ns + "ksig1:c:n")).await().toLong()).as("no raw key").isZero();
    assertThat(RedisReplayStore.PREFIX).isEqualTo("p:");
    assertThat(RedisReplayStore.key(RedisReplayStore.PREFIX, "ksig1:c:n")).hasSize(13);
  }

  @Test
  void increase_afterScriptFlush_loadsTheScriptAgain() {
    ReplayStore s = store();
    assertThat(claim(s, Claim.increase("digest:n", 1, Duration.ofMinutes(1), REPLAY))).isTrue();
    redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await();
    assertThat(claim(s, Claim.increase("digest:n", 2, Duration.ofMinutes(1), REPLAY))).isTrue();
    assertThat(claim(s, Claim.increase("digest:n", 2, Duration.ofMinutes(1), REPLAY))).isFalse();
  }

  /** Nothing listening: a claim fails (a 503 upstream), within the command timeout, never true. */
  @Test
  void nothingAnswers_claimFailsWithStoreUnavailable() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (RedisConnection down = new RedisConnection(vertx, new Settings.Redis("redis://127.0.0.1:" + port, null), Duration.ofMillis(300))) {
      assertThat(down.isUp()).isFalse();
      ReplayStore s = new RedisReplayStore(down);
      long start = System.nanoTime();
      assertThatThrownBy(() -> claim(s, first("k", Duration.ofSeconds(5))))
          .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> claim(s, Claim.increase("c", 1, Duration.ofSeconds(5), REPLAY)))
          .hasCauseInstanceOf(StoreUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
  }
}
