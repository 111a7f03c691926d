package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.Ksig1Signer;
import portcullis.server.testing.RunningGateway;
import portcullis.server.testing.TestRedis;

/**
 * Redis stopped under a running gateway (a redis-server of this test's own, killed and started
 * again on the same port): KSig1 requests, which need a single-use check, get 503 with {@code
 * Retry-After} in KSig1's dialect (never 401, never accepted unchecked), {@code /readyz} says redis
 * is down, Basic keeps working; once Redis is back the gateway reconnects by itself.
 */
class RedisOutageHttpTest {
  static TestRedis own;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(() -> {
    own = TestRedis.own();
    return "redis: {url: '" + own.ownUrl() + "'}\n" + """
        routes:
          - {name: signed-whoami, path: /api/signed/whoami, methods: [GET], upstream: sample, schemes: [ksig1]}
          - {name: basic, path: /v2/whoami, methods: [GET], upstream: sample, schemes: [basic], clientKey: none}
        """;
  });
  static final Harness.TestAccount user = h.accountForClass("outage@example.com", "correct horse battery");
  static final Harness.TestClient app = h.clientForClass(user, false, "read");

  @AfterAll
  static void stopRedis() {
    if (own != null) {
      own.close();
    }
  }

  HttpResponse<String> signed() {
    Ksig1Signer signer = new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), null);
    return h.send(HttpRequest.newBuilder(signer.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]),
        (n, v) -> true));
  }

  HttpResponse<String> basic() {
    return h.get("/v2/whoami", "Authorization", Harness.basic(user.email(), user.password()));
  }

  static <T> T within(Duration d, Supplier<T> get, java.util.function.Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + d.toNanos();
    T t = get.get();
    while (!done.test(t) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      t = get.get();
    }
    return t;
  }

  @Test
  void redisDown_signed503InItsDialect_basicWorks_readyzSaysRedis_thenRecoversWithoutRestart() throws Exception {
    assertThat(signed().statusCode()).isEqualTo(200);
    assertThat(basic().statusCode()).isEqualTo(200);

    own.stop();
    var down = within(Duration.ofSeconds(5), this::signed, r -> r.statusCode() != 200);
    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(json(down).getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("AUTH_UNAVAILABLE");
    long start = System.nanoTime();
    var again = signed();
    assertThat(again.statusCode()).as("fails closed, and fast").isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    var basic = basic();
    assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
    var ready = h.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("{\"status\":\"unavailable\",\"store\":\"up\",\"redis\":\"down\",\"limits\":\"local\"}");
    assertThat(h.get("/metrics").body()).contains("portcullis_redis_up 0.0");

    own.start();
    var back = within(Duration.ofSeconds(10), this::signed, r -> r.statusCode() == 200);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(h.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(h.get("/metrics").body()).contains("portcullis_redis_up 1.0");
  }
}
