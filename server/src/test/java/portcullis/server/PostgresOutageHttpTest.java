package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.server.testing.TestDatabase;
import portcullis.server.testing.TestPostgres;

/**
 * PostgreSQL stopped under a running gateway (a PostgreSQL of this test's own) and started again:
 * requests the caches can answer keep working, a cache miss and an admin write get 503 (never 401,
 * never a lost write), {@code /readyz} says the store is down, and once PostgreSQL is back the
 * gateway answers from it again without a restart.
 */
class PostgresOutageHttpTest {
  static TestPostgres pg;
  static Harness h;

  @BeforeAll
  static void start() {
    pg = TestPostgres.own();
    h = Harness.node(Harness.demoYaml() + "\nstore: {url: '" + pg.jdbcUrl() + "', username: postgres}\nmasterKey: "
        + TestDatabase.MASTER_KEY + "\n", InstantSource.system(), Harness.tempDir(), null);
  }

  @AfterAll
  static void stop() {
    Harness.closeAll(h);
    if (pg != null) {
      pg.close();
    }
  }

  static int within(Duration d, int expected, IntSupplier status) {
    long deadline = System.nanoTime() + d.toNanos();
    int last;
    do {
      last = status.getAsInt();
      if (last == expected) {
        return last;
      }
      ClusterInvalidationHttpTest.sleep(100);
    } while (System.nanoTime() < deadline);
    return last;
  }

  @Test
  void postgresDown_cachedRequestsWork_missesAndWrites503_thenRecoversWithoutRestart() {
    var user = h.account();
    var app = h.client(user, false);
    var stranger = h.account(); // never used: not cached
    var strangerApp = h.client(stranger, false);
    assertThat(ClusterInvalidationHttpTest.basic(h, user, user.password(), app)).isEqualTo(200); // now cached
    pg.stop();
    try {
      assertThat(ClusterInvalidationHttpTest.basic(h, user, user.password(), app)).as("answered from the caches").isEqualTo(200);
      var miss = h.get("/v2/whoami", "Authorization", Harness.basic(stranger.email(), stranger.password()), "X-Client-Key",
          strangerApp.key());
      assertThat(miss.statusCode()).as(miss.body()).isEqualTo(503);
      assertThat(miss.headers().firstValue("Retry-After")).isPresent();
      var write = h.admin("POST", "/admin/accounts", new JsonObject().put("email", "during-outage@example.com")
          .put("password", "a password of some length"));
      assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
      var ready = h.get("/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("\"store\":\"down\"");
      // a ping waits up to the pool's 5 s connection timeout before it counts as failed: up to 5 s plus a ping period
      assertThat(within(Duration.ofSeconds(15), 1, () -> h.get("/metrics").body().contains("portcullis_store_up 0.0") ? 1 : 0))
          .as("portcullis_store_up reads 0").isEqualTo(1);
    } finally {
      pg.start();
    }
    assertThat(within(Duration.ofSeconds(20), 200, () -> h.get("/readyz").statusCode())).isEqualTo(200);
    assertThat(within(Duration.ofSeconds(5), 1, () -> h.get("/metrics").body().contains("portcullis_store_up 1.0") ? 1 : 0))
        .as("portcullis_store_up reads 1 again").isEqualTo(1);
    assertThat(within(Duration.ofSeconds(20), 200, () -> ClusterInvalidationHttpTest.basic(h, stranger, stranger.password(),
        strangerApp))).as("the miss, once PostgreSQL is back").isEqualTo(200);
    var write = h.admin("POST", "/admin/accounts", new JsonObject().put("email", "after-outage@example.com")
        .put("password", "a password of some length"));
    assertThat(write.statusCode()).as(write.body()).isEqualTo(201);
  }
}
