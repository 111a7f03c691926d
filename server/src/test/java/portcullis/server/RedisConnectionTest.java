package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import portcullis.server.config.Settings;
import portcullis.server.redis.RedisConnection;
import portcullis.server.testing.TestRedis;

/**
 * The pub/sub side of {@link RedisConnection} on a redis-server of the test's own: messages reach
 * every subscriber, the connected/disconnected listeners fire when Redis goes away and comes back,
 * and after that messages flow again without anything being restarted.
 */
class RedisConnectionTest {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void publishSubscribe_survivesARedisRestart() throws Exception {
    try (TestRedis own = TestRedis.own();
        RedisConnection a = RedisConnection.open(vertx, new Settings.Redis(own.ownUrl(), null));
        RedisConnection b = RedisConnection.open(vertx, new Settings.Redis(own.ownUrl(), null))) {
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      b.onSubscriberConnected(() -> events.add("connected"));
      b.onSubscriberDisconnected(() -> events.add("disconnected"));
      b.subscribe("portcullis:test", received::add).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("connected");
      assertThat(b.isSubscriberUp()).isTrue();
      a.started().await();
      assertThat(a.publish("portcullis:test", "hello").await()).isEqualTo(1L);
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(a.publish("portcullis:other", "nobody").await()).isEqualTo(0L);

      own.stop();
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("disconnected");
      assertThat(a.publish("portcullis:test", "lost").toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(3));
      own.start();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!a.isUp() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(a.publish("portcullis:test", "again").await()).isEqualTo(1L);
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("again");
      assertThat(received).isEmpty();
    }
  }
}
