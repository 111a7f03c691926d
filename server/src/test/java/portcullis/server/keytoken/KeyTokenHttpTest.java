package portcullis.server.keytoken;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.KeyTokenClient;
import portcullis.core.testing.Fuzz;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/** Seed 003 key-tokens over a real socket: the token endpoints, both header forms, every error, curl, the Java SDK. */
class KeyTokenHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml() + """
          - name: v0-public
            path: /v0/public/**
            methods: [GET]
            upstream: sample
            schemes: [keytoken]
            options: {keytoken.public: "true"}
        """);
  static final Harness.TestAccount alice = h.accountForClass("alice+kt@example.com", "open sesame 1");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read", "write");

  static HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b = h.request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return h.send(b);
  }

  static HttpResponse<String> exchange(String key, String secret, long ts) {
    return post("/v0/tokens", new JsonObject().put("publicKey", key).put("secretKey", KeyTokenClient.hashedSecret(secret, ts))
        .put("timestamp", ts).encode(), "Authorization", key);
  }

  private static final java.util.concurrent.atomic.AtomicLong LAST_MILLIS = new java.util.concurrent.atomic.AtomicLong();

  /**
   * A timestamp in milliseconds never handed out before: a hashed secret is single-use, so two
   * exchanges of one app in the same millisecond (or at offsets that meet) would be a replay.
   */
  static long uniqueMillis() {
    long now = System.currentTimeMillis();
    return LAST_MILLIS.updateAndGet(last -> Math.max(last + 1, now));
  }

  static String token(Harness.TestClient c) {
    var r = exchange(c.key(), c.secret(), uniqueMillis());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).getString("token");
  }

  static void assertError(HttpResponse<String> r, int status, String type, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject b = json(r);
    assertThat(b.getBoolean("status")).isFalse();
    JsonObject e = b.getJsonArray("errors").getJsonObject(0);
    assertThat(e.getInteger("code")).isEqualTo(status);
    assertThat(e.getString("type")).isEqualTo(type);
    if (message != null) {
      assertThat(e.getString("message")).isEqualTo(message);
    }
    assertThat(r.headers().firstValue("Date")).isPresent();
  }

  @Test
  void exchange_success_seedShape() {
    long now = uniqueMillis();
    var r = exchange(app.key(), app.secret(), now);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject b = json(r);
    assertThat(b.getBoolean("status")).isTrue();
    String t = b.getString("token");
    assertThat(t).hasSizeGreaterThanOrEqualTo(22);
    assertThat(b.getJsonObject("data").getString("token")).isEqualTo(t);
    assertThat(b.getJsonObject("data").getString("access")).isEqualTo("admin");
    long expire = b.getJsonObject("data").getLong("expire");
    assertThat(expire).isBetween(now + 4 * 3600_000L - 120_000, now + 4 * 3600_000L + 120_000);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void keyAndToken_whoami_identity() {
    var r = h.get("/v0/whoami", "Authorization", app.key() + ":" + token(app));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("account")).isEqualTo(alice.id());
    assertThat(json(r).getString("client")).isEqualTo(app.key());
    assertThat(json(r).getString("scheme")).isEqualTo("keytoken");
  }

  @Test
  void keyAlone_publicRouteOk_tokenRoute401() {
    assertThat(h.get("/v0/products", "Authorization", app.key()).statusCode()).isEqualTo(200);
    assertThat(h.get("/v0/products", "Authorization", app.key() + ":" + token(app)).statusCode()).isEqualTo(200);
    assertError(h.get("/v0/whoami", "Authorization", app.key()), 401, "Unauthorized", null);
  }

  @Test
  void keyAlone_forwardsPublicSchemeOwnerNoScopes() {
    var r = h.get("/v0/public/whoami", "Authorization", app.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("scheme")).isEqualTo("keytoken-public");
    assertThat(json(r).getString("account")).isEqualTo(alice.id());
    assertThat(json(r).getString("client")).isEqualTo(app.key());
    assertThat(json(r).getJsonArray("scopes")).isEmpty();
    var withToken = h.get("/v0/public/whoami", "Authorization", app.key() + ":" + token(app));
    assertThat(json(withToken).getString("scheme")).isEqualTo("keytoken");
    assertThat(json(withToken).getJsonArray("scopes").getList()).containsExactly("read", "write");
    var echo = h.get("/v0/public/echo", "Authorization", app.key());
    JsonObject forwarded = json(echo).getJsonObject("headers");
    assertThat(forwarded.getString("x-portcullis-scheme")).isEqualTo("keytoken-public");
    assertThat(forwarded.getString("x-portcullis-account")).isEqualTo(alice.id());
    assertThat(forwarded.getString("x-portcullis-scopes", "")).isEmpty();
  }

  @Test
  void noAuthorization_401SeedBody() {
    var r = h.get("/v0/products");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"status\":false,\"errors\":[{\"code\":401,\"type\":\"Unauthorized\",\"message\":\"Authorization is missing\"}]}");
  }

  @Test
  void malformedAuthorization_400() {
    assertError(h.get("/v0/whoami", "Authorization", app.key() + ":" + "x".repeat(120)), 400, "BadRequest", null);
    assertError(h.get("/v0/whoami", "Authorization", "ke y:tok"), 400, "BadRequest", null);
    assertError(h.get("/v0/whoami", "Authorization", app.key() + ":"), 400, "BadRequest", null);
  }

  @Test
  void badToken_401_unknownKey_401() {
    assertError(h.get("/v0/whoami", "Authorization", app.key() + ":notatoken"), 401, "Unauthorized", null);
    assertError(h.get("/v0/products", "Authorization", "nosuchkey"), 401, "Unauthorized", null);
    var other = h.client(alice, false);
    assertError(h.get("/v0/whoami", "Authorization", other.key() + ":" + token(app)), 401, "Unauthorized", null);
  }

  @Test
  void exchange_errors() {
    long now = System.currentTimeMillis();
    assertError(exchange(app.key(), "wrong secret", now), 401, "Unauthorized", "Wrong credentials");
    assertError(exchange("nosuchkey", app.secret(), now), 401, "Unauthorized", "Wrong credentials");
    String expired = "Expired request. Please make sure you are using the correct timestamp format";
    assertError(exchange(app.key(), app.secret(), now - 301_000), 400, "BadRequest", expired);
    assertError(exchange(app.key(), app.secret(), now + 301_000), 400, "BadRequest", expired);
    for (String field : new String[] {"publicKey", "secretKey", "timestamp"}) {
      JsonObject body = new JsonObject().put("publicKey", app.key()).put("secretKey", "x").put("timestamp", now);
      body.remove(field);
      assertError(post("/v0/tokens", body.encode()), 400, "BadRequest", "The field '" + field + "' is missing from the request body.");
    }
    assertError(post("/v0/tokens", "not json"), 400, "BadRequest", null);
    assertError(post("/v0/tokens", "[1,2]"), 400, "BadRequest", null);
    assertError(post("/v0/tokens", "{\"publicKey\":1,\"secretKey\":\"x\",\"timestamp\":1}"), 400, "BadRequest", null);
    assertError(post("/v0/tokens", "{\"publicKey\":\"k\",\"secretKey\":\"x\",\"timestamp\":1.5}"), 400, "BadRequest", null);
    assertError(post("/v0/tokens", "{\"publicKey\":\"k\",\"secretKey\":\"" + "x".repeat(9000) + "\",\"timestamp\":1}"), 413, "PayloadTooLarge", null);
    assertThat(h.get("/v0/tokens").statusCode()).isEqualTo(405);
  }

  @Test
  void exchange_secondsTimestampAndStringTimestamp_ok() {
    long s = System.currentTimeMillis() / 1000;
    assertThat(exchange(app.key(), app.secret(), s).statusCode()).isEqualTo(200);
    String ms = Long.toString(uniqueMillis());
    var r = post("/v0/tokens", new JsonObject().put("publicKey", app.key())
        .put("secretKey", KeyTokenClient.hashedSecret(app.secret(), Long.parseLong(ms))).put("timestamp", ms).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void exchange_replayedHashedSecret_401() {
    long now = uniqueMillis();
    assertThat(exchange(app.key(), app.secret(), now).statusCode()).isEqualTo(200);
    assertError(exchange(app.key(), app.secret(), now), 401, "Unauthorized", null);
  }

  @Test
  void userAuthenticate_success_wrongPassword_lockedDisabled() {
    var bob = h.account("bob+kt@example.com", "bob password 1");
    var body = new JsonObject().put("email", bob.email()).put("password", bob.password()).encode();
    var r = post("/v0/users/authenticate", body, "Authorization", app.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject data = json(r).getJsonObject("data");
    assertThat(json(r).getBoolean("status")).isTrue();
    assertThat(data.getJsonObject("user").getString("id")).isEqualTo(bob.id());
    assertThat(data.getJsonObject("user").getString("email")).isEqualTo(bob.email());
    var who = h.get("/v0/whoami", "Authorization", app.key() + ":" + data.getString("token"));
    assertThat(json(who).getString("account")).isEqualTo(bob.id());
    assertThat(json(who).getString("client")).isEqualTo(app.key());
    var withAppToken = post("/v0/users/authenticate", body, "Authorization", app.key() + ":" + token(app));
    assertThat(withAppToken.statusCode()).isEqualTo(200);

    assertError(post("/v0/users/authenticate", new JsonObject().put("email", bob.email()).put("password", "nope").encode(),
        "Authorization", app.key()), 401, "Unauthorized", "Wrong credentials");
    assertError(post("/v0/users/authenticate", body), 401, "Unauthorized", "Authorization is missing");
    assertError(post("/v0/users/authenticate", "{\"email\":\"a@b.c\"}", "Authorization", app.key()), 400, "BadRequest",
        "The field 'password' is missing from the request body.");
    h.setStatus(bob, "locked");
    var locked = post("/v0/users/authenticate", body, "Authorization", app.key());
    assertError(locked, 403, "Forbidden", "No API Access");
    assertThat(json(locked).getJsonArray("errors").getJsonObject(0).getString("additional"))
        .isEqualTo("The authenticated account is locked due to an unpaid balance.");
    assertError(h.get("/v0/whoami", "Authorization", app.key() + ":" + data.getString("token")), 403, "Forbidden", "No API Access");
    h.setStatus(bob, "disabled");
    assertError(post("/v0/users/authenticate", body, "Authorization", app.key()), 403, "Forbidden", "API Access is disabled");
  }

  @Test
  void adminRevoke_tokenStopsWorking() {
    String t = token(app);
    assertThat(h.get("/v0/whoami", "Authorization", app.key() + ":" + t).statusCode()).isEqualTo(200);
    var list = h.admin("GET", "/admin/clients/" + app.key() + "/keytokens", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(t);
    String id = json(list).getJsonArray("keytokens").getJsonObject(0).getString("id");
    assertThat(h.admin("DELETE", "/admin/keytokens/" + id, null).statusCode()).isEqualTo(200);
    assertError(h.get("/v0/whoami", "Authorization", app.key() + ":" + t), 401, "Unauthorized", null);
    String t2 = token(app);
    assertThat(h.admin("DELETE", "/admin/clients/" + app.key() + "/keytokens", null).statusCode()).isEqualTo(200);
    assertError(h.get("/v0/whoami", "Authorization", app.key() + ":" + t2), 401, "Unauthorized", null);
    assertThat(h.admin("DELETE", "/admin/keytokens/kt_nope", null).statusCode()).isEqualTo(404);
  }

  @Test
  void tokenStoredHashed_neverInClear() {
    String t = token(app);
    var r = h.admin("GET", "/admin/clients/" + app.key() + "/keytokens", null);
    assertThat(r.body()).doesNotContain(t);
  }

  @Test
  void curl_exchangeThenCall() {
    long ts = uniqueMillis();
    String body = new JsonObject().put("publicKey", app.key()).put("secretKey", KeyTokenClient.hashedSecret(app.secret(), ts))
        .put("timestamp", ts).encode();
    String[] out = Harness.curl("-H", "Content-Type: application/json", "-H", "Authorization: " + app.key(), "-d", body, h.base + "/v0/tokens");
    assertThat(out[1]).isEqualTo("200");
    String t = new JsonObject(out[0]).getString("token");
    String[] who = Harness.curl("-H", "Authorization:" + app.key() + ":" + t, h.base + "/v0/whoami");
    assertThat(who[1]).as(who[0]).isEqualTo("200");
    assertThat(new JsonObject(who[0]).getString("account")).isEqualTo(alice.id());
  }

  @Test
  void javaSdk_exchangesAndRefreshesAfterRevocation() throws Exception {
    var kt = new KeyTokenClient(HttpClient.newHttpClient(), URI.create(h.base), app.key(), app.secret(), Clock.systemUTC(), Duration.ofMinutes(1));
    var r = kt.send(HttpRequest.newBuilder(URI.create(h.base + "/v0/whoami")), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String first = kt.token().value();
    assertThat(h.admin("DELETE", "/admin/clients/" + app.key() + "/keytokens", null).statusCode()).isEqualTo(200);
    r = kt.send(HttpRequest.newBuilder(URI.create(h.base + "/v0/whoami")), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(kt.token().value()).isNotEqualTo(first);
    var wrong = new KeyTokenClient(HttpClient.newHttpClient(), URI.create(h.base), app.key(), "bad", Clock.systemUTC(), Duration.ofMinutes(1));
    try {
      wrong.token();
      throw new AssertionError("expected a refusal");
    } catch (KeyTokenClient.RejectedException e) {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains("Wrong credentials");
    }
  }

  static String seedBody(int code, String type, String message) {
    return "{\"status\":false,\"errors\":[{\"code\":" + code + ",\"type\":\"" + type + "\",\"message\":\"" + message + "\"}]}";
  }

  @Test
  void authorizationOfAnotherScheme_400BadShape_notMissing() {
    String badShape = seedBody(400, "BadRequest",
        "The Authorization header is not in the correct format; send Authorization: <public_key> or <public_key>:<token>.");
    for (String auth : new String[] {"Bearer x", Harness.basic("a@b.co", "pw"), "Digest username=\"a\"", "OAuth oauth_consumer_key=\"k\"",
        "KSig1-HMAC-SHA256 Signature=" + "a".repeat(64)}) {
      for (String path : new String[] {"/v0/whoami", "/v0/products"}) {
        var r = h.get(path, "Authorization", auth);
        assertThat(r.statusCode()).as(path + " " + auth).isEqualTo(400);
        assertThat(r.body()).as(path + " " + auth).isEqualTo(badShape);
      }
    }
    assertThat(h.get("/v0/whoami").body()).isEqualTo(seedBody(401, "Unauthorized", "Authorization is missing"));
  }

  @Test
  void authorization_120CharacterLimitAndShape_exactBodies() {
    String at120 = app.key() + ":" + "A".repeat(120 - app.key().length() - 1);
    assertThat(at120).hasSize(120);
    assertThat(h.get("/v0/whoami", "Authorization", at120).body())
        .isEqualTo(seedBody(401, "Unauthorized", "The token is not valid or has expired; get a new one from POST /v0/tokens."));
    String tooLong = seedBody(400, "BadRequest",
        "The Authorization header is too long (over 120 characters); send Authorization: <public_key> or <public_key>:<token>.");
    var over = h.get("/v0/whoami", "Authorization", at120 + "A");
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(over.body()).isEqualTo(tooLong);
    assertThat(h.get("/v0/products", "Authorization", "k".repeat(121)).body()).isEqualTo(tooLong);
    String login = new JsonObject().put("email", alice.email()).put("password", alice.password()).encode();
    assertThat(post("/v0/users/authenticate", login, "Authorization", at120 + "A").body()).isEqualTo(tooLong);
    assertThat(h.get("/v0/whoami", "Authorization", "ke y:tok").body()).isEqualTo(seedBody(400, "BadRequest",
        "The Authorization header is not in the correct format; send Authorization: <public_key> or <public_key>:<token>."));
    assertThat(h.get("/v0/whoami", "Authorization", app.key() + ":to$ken").body()).isEqualTo(seedBody(400, "BadRequest",
        "The token in the Authorization header is not in the correct format; send Authorization: <public_key>:<token> with the token from POST /v0/tokens."));
    assertThat(h.get("/v0/products", "Authorization", "nosuchkey").body())
        .isEqualTo(seedBody(401, "Unauthorized", "The public key is not valid or has been revoked."));
    assertThat(h.get("/v0/whoami", "Authorization", app.key()).body()).isEqualTo(seedBody(401, "Unauthorized",
        "This endpoint requires a token: send Authorization: <public_key>:<token> (get one from POST /v0/tokens)."));
  }

  @Test
  void exchange_replayedHashedSecret_exactBody() {
    long ts = uniqueMillis();
    assertThat(exchange(app.key(), app.secret(), ts).statusCode()).isEqualTo(200);
    assertThat(exchange(app.key(), app.secret(), ts).body()).isEqualTo(seedBody(401, "Unauthorized",
        "This hashed secret has been used already; hash the secret again with a new timestamp."));
    assertThat(exchange(app.key(), app.secret(), ts / 1000 - 7).statusCode()).as("the seconds form is another hashed secret").isEqualTo(200);
    assertThat(exchange(app.key(), app.secret(), ts / 1000 - 7).statusCode()).isEqualTo(401);
  }

  @Test
  void ownerLockedOrDisabled_appTokenPublicKeyAndExchange_403SeedBodies() {
    var carol = h.account("carol+kt@example.com", "carol password 1");
    var capp = h.client(carol, false, "read");
    String t = token(capp);
    String locked = "{\"status\":false,\"errors\":[{\"code\":403,\"type\":\"Forbidden\",\"message\":\"No API Access\","
        + "\"additional\":\"The authenticated account is locked due to an unpaid balance.\"}]}";
    String disabled = "{\"status\":false,\"errors\":[{\"code\":403,\"type\":\"Forbidden\",\"message\":\"API Access is disabled\","
        + "\"additional\":\"API access has been disabled for this user due to API terms violation.\"}]}";
    try {
      h.setStatus(carol, "locked");
      assertThat(h.get("/v0/whoami", "Authorization", capp.key() + ":" + t).body()).isEqualTo(locked);
      assertThat(h.get("/v0/products", "Authorization", capp.key()).body()).isEqualTo(locked);
      var ex = exchange(capp.key(), capp.secret(), uniqueMillis());
      assertThat(ex.statusCode()).isEqualTo(403);
      assertThat(ex.body()).isEqualTo(locked);
      h.setStatus(carol, "disabled");
      assertThat(h.get("/v0/whoami", "Authorization", capp.key() + ":" + t).body()).isEqualTo(disabled);
      assertThat(exchange(capp.key(), capp.secret(), System.currentTimeMillis() - 1).body()).isEqualTo(disabled);
    } finally {
      h.setStatus(carol, "active");
    }
    assertThat(h.get("/v0/whoami", "Authorization", capp.key() + ":" + t).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedInput_never5xx() {
    Random rnd = new Random(7);
    String alphabet = "abcXYZ019:/+=-_. \t\"\\{}[],é€";
    for (int i = 0; i < 300; i++) {
      String s = Fuzz.string(rnd, alphabet, 140);
      String v = s.strip();
      if (!v.isEmpty() && v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        assertThat(h.get("/v0/whoami", "Authorization", v).statusCode()).as(v).isBetween(400, 499);
      }
      assertThat(post("/v0/tokens", s).statusCode()).as(s).isBetween(400, 499);
      assertThat(post("/v0/users/authenticate", s, "Authorization", app.key()).statusCode()).isBetween(400, 499);
    }
  }
}
