package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.server.limits.From;
import portcullis.server.testing.TestDatabase;
import portcullis.server.testing.TestRedis;

/**
 * The limits across two real nodes on one real PostgreSQL and a Redis of this test's own: failed
 * logins counted on both add up (the 11th attempt of a pair is refused on either node, even with the
 * right password; another address still gets in), a route's rate limit is one allowance for the
 * cluster; then Redis stopped: each node decides alone with the limit divided by
 * cluster.expectedNodes, says so in /readyz and /metrics, and the shared counts come back with Redis.
 */
class ClusterLimitsHttpTest {
  static TestRedis redis;
  static Harness a;
  static Harness b;

  @BeforeAll
  static void start() {
    redis = TestRedis.own();
    var pg = TestDatabase.postgresConfig();
    String url = ClusterRedisHttpTest.freshDatabase(pg);
    String yaml = "store: {url: '" + url + "', username: '" + pg.username() + "', password: '" + pg.password() + "'}\n"
        + "masterKey: " + TestDatabase.MASTER_KEY + "\nredis: {url: '" + redis.ownUrl() + "'}\n"
        + "cluster: {expectedNodes: 2}\n" + """
        routes:
          - {path: /dash, upstream: sample, schemes: [basic], clientKey: none}
          - {path: /limited, upstream: sample, schemes: [basic], rateLimit: {requests: 6, windowSeconds: 600}}
        """;
    a = Harness.node(yaml, InstantSource.system(), Harness.tempDir(), null);
    b = Harness.node(yaml, InstantSource.system(), Harness.tempDir(), null);
    bothOnRedis();
  }

  /**
   * Both nodes on Redis before counting: a failure while a node's connection is still coming up (at
   * start-up, or after the other test stopped and restarted Redis) is counted on that node alone (the
   * documented fallback), and the shared count would fall short.
   */
  static void bothOnRedis() {
    long until = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while ((a.get("/readyz").statusCode() != 200 || b.get("/readyz").statusCode() != 200) && System.nanoTime() < until) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @AfterAll
  static void stop() {
    Harness.closeAll(b, a);
    if (redis != null) {
      redis.close();
    }
  }

  static String basic(Harness.TestAccount who, String password) {
    return "Authorization: Basic " + Base64.getEncoder().encodeToString((who.email() + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static From dash(Harness on, String ip, Harness.TestAccount who, String password) {
    return From.call(ip, on.base + "/dash", "-H", basic(who, password));
  }

  static From limited(Harness on, String ip, Harness.TestAccount who, Harness.TestClient app) {
    return From.call(ip, on.base + "/limited", "-H", basic(who, who.password()), "-H", "X-Client-Key: " + app.key());
  }

  static From within(Duration d, java.util.function.Supplier<From> get, java.util.function.Predicate<From> done) throws Exception {
    long deadline = System.nanoTime() + d.toNanos();
    From f = get.get();
    while (!done.test(f) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      f = get.get();
    }
    return f;
  }

  @Test
  void failuresOnBothNodesAddUp_refusedOnEither_anotherAddressGetsIn() throws Exception {
    bothOnRedis();
    var user = a.account();
    for (int i = 0; i < 5; i++) { // B first: the 10th failure is decided on A, which knows at once
      assertThat(dash(b, "127.0.1.1", user, "wrong b" + i).status()).isEqualTo(401);
      assertThat(dash(a, "127.0.1.1", user, "wrong a" + i).status()).isEqualTo(401);
    }
    assertThat(dash(b, "127.0.1.1", user, "wrong again").status()).as("an 11th wrong password is decided in Redis: refused on B at once")
        .isEqualTo(429);
    From onA = within(Duration.ofSeconds(1), () -> dash(a, "127.0.1.1", user, user.password()), f -> f.status() == 429);
    assertThat(onA.status()).as(onA.body()).isEqualTo(429);
    assertThat(onA.header("Retry-After")).isNotNull();
    // B heard of the refusal on the invalidation channel (well under a second)
    From onB = within(Duration.ofSeconds(1), () -> dash(b, "127.0.1.1", user, user.password()), f -> f.status() == 429);
    assertThat(onB.status()).isEqualTo(429);
    assertThat(dash(b, "127.0.1.2", user, user.password()).status()).isEqualTo(200);
    var listed = Harness.json(b.admin("GET", "/admin/throttles", null)).encode();
    assertThat(listed).contains("127.0.1.1").contains("account " + user.id());
  }

  @Test
  void aRouteRateLimitIsOneAllowanceForTheCluster_thenRedisDown_eachNodeAllowsItsShare() throws Exception {
    var user = a.account();
    var app = a.client(user, false, "read");
    for (int i = 0; i < 3; i++) {
      assertThat(limited(a, "127.0.1.3", user, app).status()).isEqualTo(200);
      assertThat(limited(b, "127.0.1.3", user, app).status()).isEqualTo(200);
    }
    From over = limited(b, "127.0.1.3", user, app);
    assertThat(over.status()).isEqualTo(429);
    assertThat(over.header("RateLimit-Policy")).isEqualTo("\"default\";q=6;w=600");

    var other = a.client(user, false, "read");
    redis.stop();
    try {
      From ready = within(Duration.ofSeconds(5), () -> From.call("127.0.0.1", a.base + "/readyz"), f -> f.status() == 503);
      assertThat(ready.body()).contains("\"redis\":\"down\"").contains("\"limits\":\"local\"");
      int passed = 0;
      for (int i = 0; i < 5; i++) {
        if (limited(a, "127.0.1.4", user, other).status() == 200) {
          passed++;
        }
      }
      assertThat(passed).as("6 per cluster / 2 expected nodes").isEqualTo(3);
      assertThat(From.call("127.0.0.1", a.base + "/metrics").body()).containsPattern("portcullis_limits_fallback_decisions_total [1-9]");
      // failed logins are counted on the node alone meanwhile: 10 on A refuse the pair on A
      var locked = a.account();
      for (int i = 0; i < 10; i++) {
        assertThat(dash(a, "127.0.1.5", locked, "wrong " + i).status()).isEqualTo(401);
      }
      assertThat(dash(a, "127.0.1.5", locked, locked.password()).status()).isEqualTo(429);
    } finally {
      redis.start();
    }
    for (Harness node : new Harness[] {a, b}) { // both reconnected (each retries with its own back-off) before anything else runs
      assertThat(within(Duration.ofSeconds(10), () -> From.call("127.0.0.1", node.base + "/readyz"), f -> f.status() == 200).status())
          .isEqualTo(200);
    }
    From back = within(Duration.ofSeconds(10), () -> limited(a, "127.0.1.6", user, app), f -> f.status() == 429);
    assertThat(back.status()).as("the shared count (exhausted above) is back with Redis").isEqualTo(429);
  }
}
