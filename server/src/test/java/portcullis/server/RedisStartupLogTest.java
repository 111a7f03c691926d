package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import portcullis.server.testing.TestDatabase;
import portcullis.server.testing.TestRedis;

/**
 * What start-up says about Redis: one line on a PostgreSQL store without it (replay protection and
 * invalidation are per node), nothing of the kind with it, and never the Redis password, not even
 * whatever Redis answers.
 */
class RedisStartupLogTest {
  static final String ROUTES = """
      routes:
        - {name: signed, path: /api/signed/whoami, methods: [GET], upstream: sample, schemes: [ksig1]}
      """;

  /** A fresh database on the test PostgreSQL (a gateway's modules must find only their own rows), as store settings. */
  static String postgres() throws java.sql.SQLException {
    var pg = TestDatabase.postgresConfig();
    String db = "portcullis_startup_" + java.util.UUID.randomUUID().toString().replace("-", "");
    try (var c = java.sql.DriverManager.getConnection(pg.url(), pg.username(), pg.password()); var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    }
    String url = pg.url().substring(0, pg.url().lastIndexOf('/') + 1) + db;
    return "masterKey: " + TestDatabase.MASTER_KEY + "\nstore: {url: '" + url + "', username: '" + pg.username()
        + "', password: '" + pg.password() + "'}\n";
  }

  static long perNodeLines(String log) {
    return log.lines().filter(l -> l.contains("replay protection and cache invalidation are per node")).count();
  }

  @Test
  void postgresWithoutRedis_oneLineSaysPerNode_withRedis_none() throws Exception {
    String store = postgres();
    try (LogCapture log = new LogCapture()) {
      Harness.start(store + ROUTES).close();
      assertThat(perNodeLines(log.text())).isEqualTo(1);
    }
    try (LogCapture log = new LogCapture()) {
      Harness.start(store + "redis: {url: '" + TestRedis.url() + "'}\n" + ROUTES).close();
      assertThat(perNodeLines(log.text())).isZero();
    }
  }

  @Test
  void redisPassword_neverLogged() {
    String url = TestRedis.url().replace("redis://", "redis://:never-log-this-pw@");
    try (LogCapture log = new LogCapture()) {
      Harness h = Harness.start("redis: {url: '" + url + "'}\n" + ROUTES);
      h.get("/readyz");
      h.close();
      assertThat(log.text()).contains("redis://***@127.0.0.1");
      log.assertNoneOf("never-log-this-pw");
    }
    try (LogCapture log = new LogCapture()) {
      Harness.start("redis: {url: '" + TestRedis.url() + "', password: 'never-log-this-either'}\n" + ROUTES).close();
      log.assertNoneOf("never-log-this-either");
    }
  }
}
