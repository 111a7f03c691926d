package portcullis.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/**
 * The failed-credential throttle over a real socket, one loopback address per client: the 11th
 * attempt of a (identity, address) pair gets 429 with Retry-After in the scheme's dialect even with
 * the right secret, while the right secret from another address still works; unknown names count
 * like known ones; an address that failed against many identities is refused outright; an account
 * guessed at from many addresses is refused only to those addresses; the operator lists and clears.
 */
class FailedLoginThrottleHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of("""
        limits: {failedLogins: {perIdentityAndIp: 10, perIp: 40, perAccount: 15, windowSeconds: 900}}
        routes:
          - {path: /v2/**, upstream: sample, schemes: [basic, digest, oauth1]}
          - {path: /dash, upstream: sample, schemes: [basic], clientKey: none}
          - {path: /signed, upstream: sample, schemes: [ksig1]}
        """);
  static final Harness.TestAccount alice = h.accountForClass();
  static final Harness.TestClient aliceApp = h.clientForClass(alice, false, "read");
  static final Harness.TestAccount bob = h.accountForClass();
  static final Harness.TestClient bobApp = h.clientForClass(bob, false, "read");
  static final Harness.TestAccount carol = h.accountForClass();
  static final Harness.TestClient carolApp = h.clientForClass(carol, false, "read");
  static final Harness.TestAccount dave = h.accountForClass();

  static String basic(String user, String password) {
    return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static From dash(String ip, String user, String password) {
    return From.call(ip, h.base + "/dash", "-H", basic(user, password));
  }

  @Test
  void basic_eleventhAttemptFromOneAddressIs429EvenWithTheRightPassword_anotherAddressStillGetsIn() {
    for (int i = 0; i < 10; i++) {
      assertThat(dash("127.0.0.11", alice.email(), "wrong " + i).status()).isEqualTo(401);
    }
    From refused = dash("127.0.0.11", alice.email(), alice.password());
    assertThat(refused.status()).isEqualTo(429);
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(800L, 900L);
    JsonObject body = new JsonObject(refused.body());
    assertThat(body.getInteger("status")).isEqualTo(429);
    assertThat(body.getString("message")).isEqualTo("Too Many Requests");
    assertThat(body.getString("additional")).contains("Too many failed attempts");
    assertThat(dash("127.0.0.12", alice.email(), alice.password()).status()).isEqualTo(200);
    // the same pair on the key'd route, with the client key: still refused (the account is what was guessed)
    assertThat(From.call("127.0.0.11", h.base + "/v2/whoami", "-H", basic(alice.email(), alice.password()),
        "-H", "X-Client-Key: " + aliceApp.key()).status()).isEqualTo(429);
  }

  @Test
  void unknownUserNamesCountLikeKnownOnes() {
    String nobody = "nobody-" + System.nanoTime() + "@example.com";
    for (int i = 0; i < 10; i++) {
      From r = dash("127.0.0.13", nobody, "guess " + i);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).contains("Could not authenticate:");
    }
    assertThat(dash("127.0.0.13", nobody, "guess 11").status()).isEqualTo(429);
  }

  @Test
  void credentialStuffing_anAddressThatFailedAcrossIdentitiesIsRefusedOutright() {
    for (int i = 0; i < 40; i++) {
      assertThat(dash("127.0.0.14", "stuffed-" + (i % 8) + "@example.com", "pw " + i).status()).isEqualTo(401);
    }
    From refused = dash("127.0.0.14", carol.email(), carol.password());
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(dash("127.0.0.15", carol.email(), carol.password()).status()).isEqualTo(200);
  }

  @Test
  void accountGuessedFromManyAddresses_refusedOnlyToThoseAddresses_theOwnerElsewhereGetsIn() {
    for (int i = 0; i < 8; i++) {
      assertThat(dash("127.0.0.16", dave.email(), "a" + i).status()).isEqualTo(401);
      if (i < 7) {
        assertThat(dash("127.0.0.17", dave.email(), "b" + i).status()).isEqualTo(401);
      }
    }
    // 15 failures across addresses (each pair below its 10): the account's limit is reached
    assertThat(dash("127.0.0.16", dave.email(), dave.password()).status()).isEqualTo(429);
    assertThat(dash("127.0.0.17", dave.email(), dave.password()).status()).isEqualTo(429);
    assertThat(dash("127.0.0.18", dave.email(), dave.password()).status()).isEqualTo(200);
  }

  @Test
  void ksig1_signatureMismatchesThrottled_withTheSeed004Code() throws Exception {
    var good = new portcullis.client.Ksig1Signer(carolApp.key(), carolApp.secret(), java.time.Clock.systemUTC(), null);
    var bad = new portcullis.client.Ksig1Signer(carolApp.key(), "not-the-secret", java.time.Clock.systemUTC(), null);
    for (int i = 0; i < 10; i++) {
      From r = signed("127.0.0.19", bad);
      assertThat(r.status()).as(i + ": " + r.body()).isEqualTo(401);
      assertThat(r.body()).contains("AUTH_SIGNATURE_MISMATCH");
    }
    From refused = signed("127.0.0.19", good);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(new JsonObject(refused.body()).getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("AUTH_TOO_MANY_ATTEMPTS");
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(signed("127.0.0.20", good).status()).isEqualTo(200);
  }

  static From signed(String ip, portcullis.client.Ksig1Signer signer) {
    List<String> args = new ArrayList<>();
    signer.sign("GET", java.net.URI.create(h.base + "/signed"), java.util.Map.of(), new byte[0]).headers()
        .forEach((k, v) -> {
          args.add("-H");
          args.add(k + ": " + v);
        });
    return From.call(ip, h.base + "/signed", args.toArray(String[]::new));
  }

  @Test
  void tokenEndpoint_wrongClientSecretsThrottled_inOAuth2Json() {
    for (int i = 0; i < 10; i++) {
      From r = token("127.0.0.21", aliceApp.key(), "wrong-" + i);
      assertThat(r.status()).isEqualTo(401);
      assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_client");
    }
    From refused = token("127.0.0.21", aliceApp.key(), aliceApp.secret());
    assertThat(refused.status()).isEqualTo(429);
    assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("too_many_attempts");
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(token("127.0.0.22", aliceApp.key(), aliceApp.secret()).status()).isEqualTo(200);
  }

  static From token(String ip, String key, String secret) {
    return From.call(ip, h.base + "/api/token", "-H", basic(key, secret).replace("Authorization: ", "Authorization: "),
        "-d", "grant_type=client_credentials");
  }

  @Test
  void keyTokenExchange_wrongHashedSecretsThrottled_inTheSeed003Body() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(keyToken("127.0.0.23", bobApp.key(), "wrong-secret").status()).isEqualTo(401);
    }
    From refused = keyToken("127.0.0.23", bobApp.key(), bobApp.secret());
    assertThat(refused.status()).isEqualTo(429);
    JsonObject error = new JsonObject(refused.body()).getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("code")).isEqualTo(429);
    assertThat(error.getString("type")).isEqualTo("TooManyRequests");
    assertThat(keyToken("127.0.0.24", bobApp.key(), bobApp.secret()).status()).isEqualTo(200);
  }

  static From keyToken(String ip, String key, String secret) throws Exception {
    String ts = Long.toString(System.currentTimeMillis());
    String hashed = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest((secret + ts).getBytes(StandardCharsets.UTF_8)));
    return From.call(ip, h.base + "/v0/tokens", "-H", "Content-Type: application/json",
        "-d", "{\"publicKey\":\"" + key + "\",\"secretKey\":\"" + hashed + "\",\"timestamp\":" + ts + "}");
  }

  @Test
  void digest_wrongResponsesThrottled() {
    var erin = h.account();
    var app = h.client(erin, false, "read");
    for (int i = 0; i < 10; i++) {
      assertThat(From.call("127.0.0.26", h.base + "/v2/whoami", "--digest", "-u", erin.email() + ":wrong" + i,
          "-H", "X-Client-Key: " + app.key()).status()).isEqualTo(401);
    }
    From refused = From.call("127.0.0.26", h.base + "/v2/whoami", "--digest", "-u", erin.email() + ":" + erin.password(),
        "-H", "X-Client-Key: " + app.key());
    assertThat(refused.status()).isEqualTo(429);
    assertThat(new JsonObject(refused.body()).getString("message")).isEqualTo("Too Many Requests");
    assertThat(From.call("127.0.0.27", h.base + "/v2/whoami", "--digest", "-u", erin.email() + ":" + erin.password(),
        "-H", "X-Client-Key: " + app.key()).status()).isEqualTo(200);
  }

  @Test
  void oauth1_wrongConsumerSecretSignaturesThrottled() {
    var frank = h.account();
    var app = h.client(frank, true, "read");
    for (int i = 0; i < 10; i++) {
      From r = requestToken("127.0.0.28", app.key(), "wrong-secret-" + i);
      assertThat(r.status()).as(r.body()).isEqualTo(401);
      assertThat(r.body()).contains("signature_invalid");
    }
    From refused = requestToken("127.0.0.28", app.key(), app.secret());
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(new JsonObject(refused.body()).getInteger("status")).isEqualTo(429);
    assertThat(requestToken("127.0.0.29", app.key(), app.secret()).status()).isEqualTo(200);
  }

  static From requestToken(String ip, String key, String secret) {
    var uri = java.net.URI.create(h.base + "/v2/oauth/request_token");
    var signed = portcullis.client.OAuth1Signer.builder(key, secret).build()
        .sign("POST", uri, List.of(), java.util.Map.of("oauth_callback", "oob"));
    return From.call(ip, uri.toString(), "-X", "POST", "-H", "Authorization: " + signed.authorizationHeader(null));
  }

  @Test
  void keyTokenUserLogin_wrongPasswordsThrottled() {
    var grace = h.account();
    var app = h.client(grace, false, "read");
    for (int i = 0; i < 10; i++) {
      assertThat(userLogin("127.0.0.30", app.key(), grace.email(), "wrong " + i).status()).isEqualTo(401);
    }
    From refused = userLogin("127.0.0.30", app.key(), grace.email(), grace.password());
    assertThat(refused.status()).isEqualTo(429);
    assertThat(new JsonObject(refused.body()).getJsonArray("errors").getJsonObject(0).getString("type")).isEqualTo("TooManyRequests");
    assertThat(userLogin("127.0.0.31", app.key(), grace.email(), grace.password()).status()).isEqualTo(200);
  }

  static From userLogin(String ip, String key, String email, String password) {
    return From.call(ip, h.base + "/v0/users/authenticate", "-H", "Authorization: " + key, "-H", "Content-Type: application/json",
        "-d", new JsonObject().put("email", email).put("password", password).encode());
  }

  @Test
  void operatorListsAndClearsAThrottle() {
    for (int i = 0; i < 10; i++) {
      dash("127.0.0.25", bob.email(), "wrong " + i);
    }
    assertThat(dash("127.0.0.25", bob.email(), bob.password()).status()).isEqualTo(429);
    var list = Harness.json(h.admin("GET", "/admin/throttles", null)).getJsonArray("throttles");
    JsonObject pair = null;
    for (int i = 0; i < list.size(); i++) {
      JsonObject t = list.getJsonObject(i);
      if ("127.0.0.25".equals(t.getString("ip")) && "identity_and_ip".equals(t.getString("kind"))) {
        pair = t;
      }
    }
    assertThat(pair).as("throttles: " + list.encode()).isNotNull();
    assertThat(pair.getString("subject")).isEqualTo("account " + bob.id());
    assertThat(pair.getString("until")).isNotBlank();
    assertThat(h.admin("DELETE", "/admin/throttles/" + pair.getString("id"), null).statusCode()).isEqualTo(204);
    assertThat(dash("127.0.0.25", bob.email(), bob.password()).status()).isEqualTo(200);
    assertThat(h.admin("DELETE", "/admin/throttles/" + pair.getString("id"), null).statusCode()).isEqualTo(404);
  }
}
