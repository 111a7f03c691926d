package portcullis.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/**
 * Route rate limits over a real socket: the draft-ietf-httpapi-ratelimit-headers-10 fields with their
 * exact syntax and counts on every limited response, N requests pass and the next gets 429 with
 * Retry-After in the route's dialect, the allowance comes back after the window; a client's own limit
 * set through the admin API replaces the route's (and null clears it); the legacy X-RateLimit-* fields
 * on request; the nonce quota stops one client flooding the replay store without touching another.
 */
class RateLimitHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of("""
        limits: {legacyRateLimitHeaders: true, noncesPerClient: 1000}
        routes:
          - {path: /limited, upstream: sample, schemes: [basic], rateLimit: {requests: 5, windowSeconds: 2}}
          - {path: /dash, upstream: sample, schemes: [basic], clientKey: none, rateLimit: {requests: 3, windowSeconds: 60}}
          - {path: /free, upstream: sample, schemes: [basic]}
          - {path: /signed, upstream: sample, schemes: [ksig1]}
        """);
  static final Harness.TestAccount alice = h.accountForClass();
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");
  static final Harness.TestClient other = h.clientForClass(alice, false, "read");
  static final Harness.TestClient own = h.clientForClass(alice, false, "read");
  static final Harness.TestClient flooder = h.clientForClass(alice, false, "read");
  static final Harness.TestClient quiet = h.clientForClass(alice, false, "read");

  static String basic() {
    return "Authorization: Basic " + Base64.getEncoder().encodeToString((alice.email() + ":" + alice.password())
        .getBytes(StandardCharsets.UTF_8));
  }

  static From get(String path, Harness.TestClient client) {
    return client == null ? From.call("127.0.0.31", h.base + path, "-H", basic())
        : From.call("127.0.0.31", h.base + path, "-H", basic(), "-H", "X-Client-Key: " + client.key());
  }

  @Test
  void fiveRequestsPass_withExactFields_theSixthIs429_andTheWindowResets() throws Exception {
    for (int i = 1; i <= 5; i++) {
      From r = get("/limited", app);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("RateLimit-Policy")).isEqualTo("\"default\";q=5;w=2");
      assertThat(r.header("RateLimit")).matches("\"default\";r=" + (5 - i) + ";t=[12]");
      assertThat(r.header("X-RateLimit-Limit")).isEqualTo("5");
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(5 - i));
    }
    From refused = get("/limited", app);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.header("RateLimit")).startsWith("\"default\";r=0;t=");
    JsonObject body = new JsonObject(refused.body());
    assertThat(body.getInteger("status")).isEqualTo(429);
    assertThat(body.getString("additional")).contains("at most 5 requests per 2 s");
    assertThat(get("/limited", other).status()).as("another app has its own allowance").isEqualTo(200);
    Thread.sleep(2100);
    assertThat(get("/limited", app).header("RateLimit")).startsWith("\"default\";r=4;");
  }

  @Test
  void accountOnlyBasicIsCountedPerAccount_andUnlimitedRoutesSendNoFields() {
    for (int i = 0; i < 3; i++) {
      assertThat(get("/dash", null).status()).isEqualTo(200);
    }
    assertThat(get("/dash", null).status()).isEqualTo(429);
    From free = get("/free", app);
    assertThat(free.status()).isEqualTo(200);
    assertThat(free.header("RateLimit")).isNull();
  }

  @Test
  void aClientsOwnLimitReplacesTheRoutes_andNullClearsIt() {
    var patch = h.admin("PATCH", "/admin/clients/" + own.key(),
        new JsonObject().put("rate_limit", new JsonObject().put("requests", 2).put("window_seconds", 60)));
    assertThat(patch.statusCode()).isEqualTo(200);
    assertThat(Harness.json(patch).getJsonObject("rate_limit").getInteger("requests")).isEqualTo(2);
    From first = get("/free", own); // a route with no limit of its own: the client's applies
    assertThat(first.header("RateLimit-Policy")).isEqualTo("\"default\";q=2;w=60");
    assertThat(get("/free", own).status()).isEqualTo(200);
    assertThat(get("/free", own).status()).isEqualTo(429);
    assertThat(h.admin("PATCH", "/admin/clients/" + own.key(), new JsonObject().putNull("rate_limit")).statusCode()).isEqualTo(200);
    From after = get("/free", own);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.header("RateLimit")).isNull();
    assertThat(h.admin("PATCH", "/admin/clients/" + own.key(),
        new JsonObject().put("rate_limit", new JsonObject().put("requests", 0).put("window_seconds", 60))).statusCode()).isEqualTo(400);
    assertThat(h.admin("PATCH", "/admin/clients/nope", new JsonObject().putNull("rate_limit")).statusCode()).isEqualTo(404);
  }

  @Test
  void nonceQuota_oneClientFloodingNoncesDoesNotStopAnother() {
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 1100; i++) {
      var r = signed(flooder);
      if (r.statusCode() == 200) {
        accepted++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("AUTH_NONCE_QUOTA_EXCEEDED");
        refused++;
      }
    }
    assertThat(accepted).as("the quota, plus what leaked out of it during the run (one per 0.6 s)").isBetween(1000, 1010);
    assertThat(refused).isPositive();
    assertThat(signed(quiet).statusCode()).isEqualTo(200);
    var throttles = Harness.json(h.admin("GET", "/admin/throttles", null)).getJsonArray("throttles").encode();
    assertThat(throttles).contains("\"kind\":\"nonces\"").contains(flooder.key());
  }

  static java.net.http.HttpResponse<String> signed(Harness.TestClient client) {
    var signer = new portcullis.client.Ksig1Signer(client.key(), client.secret(), java.time.Clock.systemUTC(), null);
    var b = h.request("/signed").GET();
    signer.sign("GET", java.net.URI.create(h.base + "/signed"), java.util.Map.of(), new byte[0]).headers().forEach(b::header);
    return h.send(b);
  }

}
