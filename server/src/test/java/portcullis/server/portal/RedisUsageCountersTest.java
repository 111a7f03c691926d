package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.server.config.Settings;
import portcullis.server.redis.RedisConnection;
import portcullis.server.redis.RedisUsageCounters;
import portcullis.server.testing.TestRedis;

/** Two nodes' usage counters on the throwaway redis-server of ./run-tests: each counts locally, both read the sum. */
class RedisUsageCountersTest {
  static Vertx vertx;
  static RedisConnection redis;

  @BeforeAll
  static void connect() throws Exception {
    vertx = Vertx.vertx();
    redis = RedisConnection.open(vertx, new Settings.Redis(TestRedis.url(), null));
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

  @Test
  void twoNodes_countsAddUp_byOutcome_andLastUsed() {
    String ns = "portcullis:test:" + UUID.randomUUID() + ":";
    RedisUsageCounters a = new RedisUsageCounters(vertx, redis, InstantSource.system(), ns);
    RedisUsageCounters b = new RedisUsageCounters(vertx, redis, InstantSource.system(), ns);
    try {
      a.record("k1", 200);
      a.record("k1", 204);
      a.record("k1", 401);
      b.record("k1", 403);
      b.record("k1", 429);
      b.record("k1", 503);
      b.record("k2", 200);
      a.flush().await();
      b.flush().await();
      for (UsageCounters node : List.of(a, b)) {
        UsageCounters.Usage u = node.last24Hours("k1").await();
        long[] now = u.counts()[23];
        assertThat(now).containsExactly(2, 1, 1, 1, 1);
        assertThat(u.hourStarts()).hasSize(24);
        assertThat(node.lastUsed(List.of("k1", "k2", "never")).await()).containsOnlyKeys("k1", "k2");
      }
      assertThat(a.last24Hours("never").await().counts()[23]).containsExactly(0, 0, 0, 0, 0);
      a.record("k1", 200);
      a.flush().await();
      assertThat(b.last24Hours("k1").await().counts()[23][0]).isEqualTo(3);
    } finally {
      a.close();
      b.close();
    }
  }
}
