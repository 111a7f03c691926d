package portcullis.server.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.server.config.ConfigException;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * Every algorithm of RFC 7616 (MD5 first, no userhash offered), the refused SHA-512-256 look-alikes,
 * nonce-count replay, the uri check and malformed headers, over a real socket.
 */
class DigestAlgorithmsHttpTest {
  static final String REALM = "http-auth@example.org";
  static final String CONFIG = """
      realm: http-auth@example.org
      schemes:
        digest:
          algorithms: [MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess]
          nonceTtlSeconds: 120
          userhash: false
      routes:
        - name: whoami
          path: /v2/whoami
          methods: [GET, POST]
          schemes: [digest]
      """;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(CONFIG);
  static final Harness.TestAccount mufasa = h.accountForClass("mufasa@example.org", "Circle of Life");
  static final Harness.TestClient app = h.clientForClass(mufasa, false, "read");

  static DigestAnswers.Challenge challenge() {
    var r = h.get("/v2/whoami");
    assertThat(r.statusCode()).isEqualTo(401);
    return DigestAnswers.Challenge.of(r);
  }

  static HttpResponse<String> send(String authorization, String target) {
    return h.get(target, "Authorization", authorization, "X-Client-Key", app.key());
  }

  static String answer(String label, String jca, boolean sess, boolean userhash, DigestAnswers.Challenge c, String nc, String uri) {
    return DigestAnswers.header(label, jca, sess, mufasa.email(), userhash, mufasa.password(), REALM, c, nc, "0a4f113b", "GET", uri);
  }

  @Test
  void everyAlgorithm_withAndWithoutUserhash_200() {
    String[][] algs = {{"MD5", "MD5"}, {"SHA-256", "SHA-256"}, {"SHA-512-256", "SHA-512/256"}};
    for (String[] a : algs) {
      for (boolean sess : new boolean[] {false, true}) {
        for (boolean userhash : new boolean[] {false, true}) {
          var c = challenge();
          String label = a[0] + (sess ? "-sess" : "");
          var r = send(answer(label, a[1], sess, userhash, c, "00000001", "/v2/whoami?q=1"), "/v2/whoami?q=1");
          assertThat(r.statusCode()).as(label + " userhash=" + userhash + ": " + r.body()).isEqualTo(200);
          assertThat(json(r).getString("scheme")).isEqualTo("digest");
        }
      }
    }
  }

  @Test
  void challenges_oneHeaderPerAlgorithmInConfiguredOrder() {
    List<String> ch = h.get("/v2/whoami").headers().allValues("WWW-Authenticate");
    assertThat(ch).hasSize(6);
    assertThat(ch.get(0)).contains("algorithm=MD5,").doesNotContain("userhash");
    assertThat(ch.get(5)).contains("algorithm=SHA-512-256-sess,");
  }

  /** RFC 7616's printed SHA-512-256 values use truncated SHA-512 (erratum 4897): refused. */
  @Test
  void sha512256AsPrintedInRfc_truncatedSha512_401() {
    var r = send(answer("SHA-512-256", "SHA-512-truncated", false, true, challenge(), "00000001", "/v2/whoami"), "/v2/whoami");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).getString("message")).isEqualTo("Could not authenticate:");
  }

  /** curl 7.88 labels its answer SHA-512-256 but hashes with SHA-256 (user hash too): refused. */
  @Test
  void sha512256LabelWithSha256Hashes_asCurl788Sends_401() {
    var r = send(answer("SHA-512-256", "SHA-256", false, true, challenge(), "00000001", "/v2/whoami"), "/v2/whoami");
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void curlDigest_md5_200() {
    var run = Harness.run("curl", "-s", "-v", "--digest", "-u", mufasa.email() + ":" + mufasa.password(), "-H", "X-Client-Key: " + app.key(),
        h.base + "/v2/whoami");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(new JsonObject(run.out()).getString("account")).isEqualTo(mufasa.id());
    assertThat(run.err()).contains("algorithm=MD5").doesNotContain("userhash=true");
  }

  @Test
  void nonceCount_replayedOrLower_401_higher_200() {
    var c = challenge();
    assertThat(send(answer("SHA-256", "SHA-256", false, false, c, "00000001", "/v2/whoami"), "/v2/whoami").statusCode()).isEqualTo(200);
    var replay = send(answer("SHA-256", "SHA-256", false, false, c, "00000001", "/v2/whoami"), "/v2/whoami");
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(json(replay).getString("additional")).contains("nonce count was used already");
    assertThat(send(answer("SHA-256", "SHA-256", false, false, c, "00000005", "/v2/whoami"), "/v2/whoami").statusCode()).isEqualTo(200);
    assertThat(send(answer("MD5", "MD5", false, false, c, "00000003", "/v2/whoami"), "/v2/whoami").statusCode()).isEqualTo(401);
    assertThat(send(answer("MD5", "MD5", false, false, c, "00000006", "/v2/whoami"), "/v2/whoami").statusCode()).isEqualTo(200);
  }

  @Test
  void uri_mustMatchTargetQueryIncluded_400() {
    var c = challenge();
    var r = send(answer("SHA-256", "SHA-256", false, false, c, "00000001", "/v2/whoami"), "/v2/whoami?admin=1");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getString("additional")).contains("uri", "/v2/whoami?admin=1");
    var other = send(answer("SHA-256", "SHA-256", false, false, c, "00000002", "/v2/products"), "/v2/whoami");
    assertThat(other.statusCode()).isEqualTo(400);
  }

  @Test
  void forgedNonce_wrongRealm_wrongPassword_401() {
    var forged = new DigestAnswers.Challenge("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", challenge().opaque());
    var r = send(answer("MD5", "MD5", false, false, forged, "00000001", "/v2/whoami"), "/v2/whoami");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).getString("additional")).contains("nonce");
    assertThat(r.headers().allValues("WWW-Authenticate")).hasSize(6);
    String realm = DigestAnswers.header("MD5", "MD5", false, mufasa.email(), false, mufasa.password(), "other", challenge(), "00000001",
        "c", "GET", "/v2/whoami");
    assertThat(send(realm, "/v2/whoami").statusCode()).isEqualTo(401);
    String wrong = DigestAnswers.header("MD5", "MD5", false, mufasa.email(), false, "Circle Of Life", REALM, challenge(), "00000001",
        "c", "GET", "/v2/whoami");
    assertThat(send(wrong, "/v2/whoami").statusCode()).isEqualTo(401);
    String unknown = DigestAnswers.header("MD5", "MD5", false, "nobody@example.org", false, "x", REALM, challenge(), "00000001",
        "c", "GET", "/v2/whoami");
    assertThat(send(unknown, "/v2/whoami").statusCode()).isEqualTo(401);
  }

  @Test
  void malformedHeaders_4xxSeedBody_never5xx() {
    var c = challenge();
    String ok = answer("SHA-256", "SHA-256", false, false, c, "00000001", "/v2/whoami");
    List<String> bad = List.of("Digest", "Digest ", "Digest ,,,", "Digest username", "Digest username=\"x", "Digest a=b c=d",
        ok.replace("qop=auth", "qop=auth-int"), ok.replace(", qop=auth", ""), ok.replace("nc=00000001", "nc=xyz"),
        ok.replace("nc=00000001", "nc=00000000"), ok.replace("algorithm=SHA-256", "algorithm=SHA-1"),
        ok.replace("username=", "username*=UTF-8''a, username="), ok + ", realm=\"again\"", ok.replace("opaque=\"", "opaque=\"x"),
        ok.replace("userhash", "x") + ", userhash=\"maybe\"", "Digest " + "x=y, ".repeat(1500),
        ok.replace("response=\"", "response=\"\u00ff"), ok.replace("nonce=\"", "nonce=\"%%"), "Digest realm=\"" + REALM + "\"");
    for (String header : bad) {
      var r = send(header, "/v2/whoami");
      assertThat(r.statusCode()).as(header).isBetween(400, 499);
      assertThat(r.body()).as(r.statusCode() + " " + header).startsWith("{");
      assertThat(json(r).getString("message")).as(header).isIn("Malformed Authorization header", "Could not authenticate:");
      assertThat(r.body()).doesNotContain(mufasa.password());
    }
    String[] ctl = Harness.curl("-H", "X-Client-Key: " + app.key(), "-H", "Authorization: Digest username=\"a\u0001b\"", h.base + "/v2/whoami");
    assertThat(ctl[1]).isEqualTo("400"); // refused by the HTTP layer before any scheme runs
    var huge = send("Digest " + "x".repeat(9000), "/v2/whoami");
    assertThat(huge.statusCode()).isEqualTo(431);
  }

  @Test
  void config_disabledDigestOnRoute_refusedNamingTheField() {
    assertThatThrownBy(() -> Harness.start(CONFIG.replace("userhash: false", "enabled: false")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("switched off").hasMessageContaining("schemes.digest.enabled");
    assertThatThrownBy(() -> Harness.start(CONFIG.replace("MD5-sess", "SHA-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schemes.digest.algorithms").hasMessageContaining("SHA-1");
    assertThatThrownBy(() -> Harness.start(CONFIG.replace("nonceTtlSeconds: 120", "nonceTtlSeconds: 5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nonceTtlSeconds").hasMessageContaining("5");
    assertThatThrownBy(() -> Harness.start(CONFIG.replace("userhash: false", "userHash: false")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schemes.digest.userHash");
  }

  @Test
  void config_disabledDigest_basicRouteServes() {
    try (Harness off = Harness.start(CONFIG.replace("userhash: false", "enabled: false").replace("schemes: [digest]", "schemes: [basic]"))) {
      var a = off.account();
      var k = off.client(a, false);
      assertThat(off.get("/v2/whoami", "Authorization", Harness.basic(a.email(), a.password()), "X-Client-Key", k.key()).statusCode())
          .isEqualTo(200);
      var r = off.get("/v2/whoami", "X-Client-Key", k.key());
      assertThat(r.headers().allValues("WWW-Authenticate")).noneMatch(v -> v.startsWith("Digest"));
    }
  }
}
