package portcullis.core.scheme.oauth1;

import portcullis.core.Result;
import portcullis.core.replay.ReplayStore;
import portcullis.core.testing.Claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.crypto.Crypto;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.TestRequest;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;

/** The verifier's rules, one test per rule edge, with in-memory implementations of the store interfaces. */
class OAuth1VerifierTest {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  final Map<String, OAuth1Token> tokens = new HashMap<>();
  final Map<String, PublicKey> rsa = new HashMap<>();
  final MovableClock clock = new MovableClock(NOW);

  final MemoryDirectory dir = new MemoryDirectory();
  final Map<String, Account> accounts = dir.accounts;
  final Map<String, Client> clients = dir.clients;
  final OAuth1Tokens store = new OAuth1Tokens() {
    public Optional<OAuth1Token> find(String value, portcullis.core.Directory lookups) {
      return Optional.ofNullable(tokens.get(Crypto.sha256Hex(value)));
    }

    public Optional<PublicKey> rsaKey(String key, portcullis.core.Directory lookups) {
      return Optional.ofNullable(rsa.get(key));
    }
  };

  OAuth1Verifier verifier(boolean plaintextOverHttp) {
    return new OAuth1Verifier(store, clock, new OAuth1Policy(Duration.ofSeconds(300), plaintextOverHttp, null));
  }

  OAuth1VerifierTest() {
    accounts.put("acc1", new Account("acc1", "a@example.com", "x", AccountStatus.ACTIVE, NOW));
    clients.put("ck", new Client("ck", "owner", "App", Set.of("read", "write"), true, ClientStatus.ACTIVE, "cs", null, null, NOW));
    tokens.put(Crypto.sha256Hex("at"), new OAuth1Token(Crypto.sha256Hex("at"), OAuth1Token.Kind.ACCESS, "ck", "acc1", "ts",
        Set.of("read"), null, OAuth1Token.State.ACTIVE, null, NOW, null));
    tokens.put(Crypto.sha256Hex("rt"), new OAuth1Token(Crypto.sha256Hex("rt"), OAuth1Token.Kind.REQUEST, "ck", null, "rts",
        Set.of("read"), "oob", OAuth1Token.State.PENDING, null, NOW, NOW.plusSeconds(600)));
  }

  /** Signs {@code method target} with the given oauth params and returns the Authorization header. */
  static String header(String method, String target, String method2, String token, String tokenSecret, long ts, String nonce,
      String secret) {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("oauth_consumer_key", "ck");
    if (token != null) {
      p.put("oauth_token", token);
    }
    p.put("oauth_signature_method", method2);
    p.put("oauth_timestamp", Long.toString(ts));
    p.put("oauth_nonce", nonce);
    p.put("oauth_version", "1.0");
    List<Map.Entry<String, String>> all = new ArrayList<>(p.entrySet());
    int q = target.indexOf('?');
    if (q >= 0) {
      portcullis.core.text.Form.parse(target.substring(q + 1)).forEach((k, vs) -> vs.forEach(v -> all.add(Map.entry(k, v))));
    }
    String base = BaseString.of(method, BaseString.uri("http", "api.example.com", q < 0 ? target : target.substring(0, q)),
        BaseString.normalize(all));
    p.put("oauth_signature", Signatures.sign(method2, base, secret, tokenSecret));
    StringBuilder h = new StringBuilder("OAuth realm=\"r\"");
    p.forEach((k, v) -> h.append(", ").append(k).append("=\"").append(Percent.encode(v)).append('"'));
    return h.toString();
  }

  final ReplayStore seenStore = new ClockedReplayGuard();

  Result<OAuth1Verifier.Verified> call(OAuth1Verifier v, String auth, OAuth1Verifier.Expect expect) {
    return call(v, auth, expect, seenStore);
  }

  /** Verifies, then commits the nonce to {@code store} (none when null) as the gateway does: a replay is the claim's failure. */
  Result<OAuth1Verifier.Verified> call(OAuth1Verifier v, String auth, OAuth1Verifier.Expect expect, ReplayStore store) {
    TestRequest r = new TestRequest("GET", "/v2/whoami?x=1%202").header("Host", "api.example.com").header("Authorization", auth);
    Result<OAuth1Verifier.Verified> result = v.verify(r, "Demo", dir, expect);
    if (store != null && result.isOk() && !Claims.holds(result.value().nonce(), store)) {
      return Result.reject(result.value().nonce().orElseThrow().conflict());
    }
    return result;
  }

  String good(String nonce) {
    return header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "at", "ts", NOW.getEpochSecond(), nonce, "cs");
  }

  static String problem(Result<OAuth1Verifier.Verified> r) {
    Failure f = r.failure();
    assertThat(f).isNotNull();
    assertThat(f.headers()).anyMatch(h -> h.getKey().equals("WWW-Authenticate") && h.getValue().contains("oauth_problem=\"" + f.detail() + "\""));
    return f.detail();
  }

  @Test
  void verify_accessToken_actsAsAuthorizingAccount() {
    var r = call(verifier(false), good("n1"), OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(r.isOk()).isTrue();
    assertThat(r.value().account().id()).isEqualTo("acc1");
    assertThat(r.value().token().scopes()).containsExactly("read");
  }

  @Test
  void verify_replayedNonce_nonceUsed() {
    var v = verifier(false);
    assertThat(call(v, good("n2"), OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).isTrue();
    assertThat(problem(call(v, good("n2"), OAuth1Verifier.Expect.ACCESS_TOKEN))).isEqualTo("nonce_used");
  }

  @Test
  void verify_badSignature_doesNotBurnNonce() {
    var v = verifier(false);
    String bad = header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "at", "wrong", NOW.getEpochSecond(), "n3", "cs");
    assertThat(problem(call(v, bad, OAuth1Verifier.Expect.ACCESS_TOKEN))).isEqualTo("signature_invalid");
    assertThat(call(v, good("n3"), OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).isTrue();
  }

  @Test
  void verify_timestampOutsideWindow_refused() {
    String old = header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "at", "ts", NOW.getEpochSecond() - 301, "n4", "cs");
    var r = call(verifier(false), old, OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(problem(r)).isEqualTo("timestamp_refused");
    assertThat(r.failure().status()).isEqualTo(401);
    String edge = header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "at", "ts", NOW.getEpochSecond() + 300, "n4", "cs");
    assertThat(call(verifier(false), edge, OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).isTrue();
  }

  @Test
  void verify_unknownOrRevokedConsumer() {
    clients.put("ck", new Client("ck", "owner", "App", Set.of(), true, ClientStatus.REVOKED, "cs", null, null, NOW));
    assertThat(problem(call(verifier(false), good("n5"), OAuth1Verifier.Expect.ACCESS_TOKEN))).isEqualTo("consumer_key_rejected");
    clients.clear();
    assertThat(problem(call(verifier(false), good("n5"), OAuth1Verifier.Expect.ACCESS_TOKEN))).isEqualTo("consumer_key_unknown");
  }

  @Test
  void verify_requestTokenOnProtectedRoute_tokenRejected() {
    String h = header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "rt", "rts", NOW.getEpochSecond(), "n6", "cs");
    assertThat(problem(call(verifier(false), h, OAuth1Verifier.Expect.ACCESS_TOKEN))).isEqualTo("token_rejected");
    assertThat(call(verifier(false), h, OAuth1Verifier.Expect.REQUEST_TOKEN).isOk()).isTrue();
  }

  @Test
  void verify_requestTokenAfterTenMinutes_expired() {
    clock.set(NOW.plusSeconds(600));
    String h = header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "rt", "rts", clock.instant().getEpochSecond(), "n7", "cs");
    assertThat(problem(call(verifier(false), h, OAuth1Verifier.Expect.REQUEST_TOKEN))).isEqualTo("token_expired");
  }

  @Test
  void verify_lockedAccount_seed403() {
    accounts.put("acc1", new Account("acc1", "a@example.com", "x", AccountStatus.LOCKED, NOW));
    var r = call(verifier(false), good("n8"), OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(r.failure().status()).isEqualTo(403);
    assertThat(r.failure().message()).isEqualTo("No API Access");
  }

  @Test
  void verify_plaintextOverHttp_onlyWhenAllowed() {
    String h = header("GET", "/v2/whoami?x=1%202", "PLAINTEXT", "at", "ts", NOW.getEpochSecond(), "n9", "cs");
    var r = call(verifier(false), h, OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(problem(r)).isEqualTo("signature_method_rejected");
    assertThat(r.failure().status()).isEqualTo(400);
    assertThat(call(verifier(true), h, OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).isTrue();
  }

  @Test
  void verify_hmacSha256AndRsaSha1() throws Exception {
    String h = header("GET", "/v2/whoami?x=1%202", "HMAC-SHA256", "at", "ts", NOW.getEpochSecond(), "n10", "cs");
    assertThat(call(verifier(false), h, OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).isTrue();
    KeyPair kp = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String rsaHeader = h.replace("HMAC-SHA256", "RSA-SHA1");
    assertThat(problem(call(verifier(false), rsaHeader, OAuth1Verifier.Expect.ACCESS_TOKEN))).isEqualTo("signature_method_rejected");
    rsa.put("ck", kp.getPublic());
    String base = BaseString.of("GET", "http://api.example.com/v2/whoami", BaseString.normalize(List.of(
        Map.entry("oauth_consumer_key", "ck"), Map.entry("oauth_token", "at"), Map.entry("oauth_signature_method", "RSA-SHA1"),
        Map.entry("oauth_timestamp", Long.toString(NOW.getEpochSecond())), Map.entry("oauth_nonce", "n11"), Map.entry("x", "1 2"))));
    String sig = Signatures.signRsaSha1(base, kp.getPrivate());
    String auth = "OAuth oauth_consumer_key=\"ck\", oauth_token=\"at\", oauth_signature_method=\"RSA-SHA1\", oauth_timestamp=\""
        + NOW.getEpochSecond() + "\", oauth_nonce=\"n11\", oauth_signature=\"" + Percent.encode(sig) + "\"";
    assertThat(call(verifier(false), auth, OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).isTrue();
  }

  @Test
  void verify_queryAndBodyTransport() {
    var v = verifier(true);
    String q = "oauth_consumer_key=ck&oauth_token=at&oauth_signature_method=PLAINTEXT&oauth_signature=cs%26ts";
    var r = v.verify(new TestRequest("GET", "/v2/whoami?" + q).header("Host", "h"), "Demo", dir, OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(r.isOk()).as(String.valueOf(r)).isTrue();
    assertThat(r.value().request().transport()).isEqualTo("query");
    var b = v.verify(new TestRequest("POST", "/v2/whoami").header("Host", "h").body(q), "Demo", dir, OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(b.isOk()).isTrue();
    assertThat(b.value().request().transport()).isEqualTo("body");
  }

  @Test
  void verify_versionOtherThan1_0_versionRejected() {
    var v = verifier(true);
    String q = "oauth_consumer_key=ck&oauth_token=at&oauth_signature_method=PLAINTEXT&oauth_signature=cs%26ts";
    var r = v.verify(new TestRequest("GET", "/x?" + q + "&oauth_version=2.0").header("Host", "h"), "Demo", dir,
        OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(problem(r)).isEqualTo("version_rejected");
    assertThat(r.failure().status()).isEqualTo(400);
    assertThat(v.verify(new TestRequest("GET", "/x?" + q + "&oauth_version=1.0").header("Host", "h"), "Demo", dir,
        OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).isTrue();
  }

  @Test
  void verify_version1_0A_asNodeOauthSendsIt_accepted_otherVersionsRejected() {
    var v = verifier(true);
    String q = "oauth_consumer_key=ck&oauth_token=at&oauth_signature_method=PLAINTEXT&oauth_signature=cs%26ts";
    for (String ok : new String[] {"1.0A", "1.0a"}) {
      assertThat(v.verify(new TestRequest("GET", "/x?" + q + "&oauth_version=" + ok).header("Host", "h"), "Demo", dir,
          OAuth1Verifier.Expect.ACCESS_TOKEN).isOk()).as(ok).isTrue();
    }
    for (String bad : new String[] {"1.0b", "1.0A ", "1", "1.1", "2.0a"}) {
      var r = v.verify(new TestRequest("GET", "/x?" + q + "&oauth_version=" + Percent.encode(bad)).header("Host", "h"), "Demo", dir,
          OAuth1Verifier.Expect.ACCESS_TOKEN);
      assertThat(problem(r)).as(bad).isEqualTo("version_rejected");
    }
  }

  @Test
  void verify_sameParameterInTwoPlacesWithTheSameValue_countsOnce_differentValues_400() {
    var v = verifier(true);
    String q = "oauth_consumer_key=ck&oauth_token=at&oauth_signature_method=PLAINTEXT&oauth_signature=cs%26ts";
    var same = v.verify(new TestRequest("POST", "/x?oauth_token=at").header("Host", "h").body(q), "Demo", dir,
        OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(same.isOk()).as(String.valueOf(same)).isTrue();
    assertThat(same.value().request().params().stream().filter(e -> e.getKey().equals("oauth_token")).count()).isEqualTo(1);
    var differ = v.verify(new TestRequest("POST", "/x?oauth_token=other").header("Host", "h").body(q), "Demo", dir,
        OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(problem(differ)).isEqualTo("parameter_rejected");
    assertThat(differ.failure().extra().toString()).contains("different values");
  }

  @Test
  void verify_authorizedRequestTokenOfDisabledAccount_seed403() {
    tokens.put(Crypto.sha256Hex("rt2"), new OAuth1Token(Crypto.sha256Hex("rt2"), OAuth1Token.Kind.REQUEST, "ck", "acc1", "rts",
        Set.of("read"), "oob", OAuth1Token.State.AUTHORIZED, Crypto.sha256Hex("v"), NOW, NOW.plusSeconds(600)));
    var v = verifier(false);
    String auth = header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "rt2", "rts", NOW.getEpochSecond(), "n-rt2", "cs");
    assertThat(call(v, auth, OAuth1Verifier.Expect.REQUEST_TOKEN).value().account().id()).isEqualTo("acc1");
    accounts.put("acc1", new Account("acc1", "a@example.com", "x", AccountStatus.DISABLED, NOW));
    var r = call(v, header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "rt2", "rts", NOW.getEpochSecond(), "n-rt2b", "cs"),
        OAuth1Verifier.Expect.REQUEST_TOKEN);
    assertThat(r.isOk()).isFalse();
    assertThat(r.failure().status()).isEqualTo(403);
    assertThat(r.failure().message()).isEqualTo("API Access is disabled");
  }

  @Test
  void verify_duplicateOrMissingParameters_400() {
    var v = verifier(true);
    String q = "oauth_consumer_key=ck&oauth_token=at&oauth_signature_method=PLAINTEXT&oauth_signature=cs%26ts&oauth_token=at";
    var r = v.verify(new TestRequest("GET", "/x?" + q).header("Host", "h"), "Demo", dir, OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(problem(r)).isEqualTo("parameter_rejected");
    var m = v.verify(new TestRequest("GET", "/x?oauth_consumer_key=ck&oauth_signature_method=HMAC-SHA1&oauth_signature=x")
        .header("Host", "h"), "Demo", dir, OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(problem(m)).isEqualTo("parameter_absent");
    assertThat(m.failure().headers().get(0).getValue()).contains("oauth_parameters_absent=\"oauth_timestamp%26oauth_nonce%26oauth_token\"");
    var unknown = v.verify(new TestRequest("GET", "/x?oauth_consumer_key=ck&oauth_token=at&oauth_signature_method=MD5&oauth_signature=x"
        + "&oauth_timestamp=1&oauth_nonce=n").header("Host", "h"), "Demo", dir, OAuth1Verifier.Expect.ACCESS_TOKEN);
    assertThat(problem(unknown)).isEqualTo("signature_method_rejected");
  }
}
