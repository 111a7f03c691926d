package portcullis.core.scheme.ksig1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.Scheme;
import portcullis.core.testing.Claims;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.TestRequest;
import portcullis.core.tokens.TokenGrant;

class Ksig1SchemeTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final String SECRET = "s3cr3t-key";
  final MemoryDirectory dir = new MemoryDirectory();
  final Scheme scheme = Claims.committing(new Ksig1Scheme((token, d) -> token.equals("tok_good")
      ? Optional.of(new TokenGrant("t1", "acc-1", "ck_1", Set.of("read"), NOW.plusSeconds(60)))
      : token.equals("tok_other") ? Optional.of(new TokenGrant("t2", "acc-1", "ck_2", Set.of(), NOW.plusSeconds(60))) : Optional.empty(),
      Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(300)), new ClockedReplayGuard());

  Ksig1SchemeTest() {
    var owner = dir.account("acc-1", "o@example.com", "pw", AccountStatus.ACTIVE);
    dir.client("ck_1", SECRET, owner, Set.of("read", "write"), ClientStatus.ACTIVE);
  }

  RoutePolicy route(Map<String, String> options) {
    return new RoutePolicy("r", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Ksig1Dialect.INSTANCE, "x", options);
  }

  /** A request signed like a client would; {@code headers} in order, Authorization added last. */
  static final class Req {
    String method = "POST";
    String path = "/api/signed/wh%C3%B6ami";
    String query = "b=2&a=x+y&a=%41";
    byte[] body = "{\"amount\":100}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    String secret = SECRET;

    Req() {
      headers.put("Host", "api.example.com");
      headers.put("X-API-Key", "ck_1");
      headers.put("X-API-Timestamp", Long.toString(NOW.getEpochSecond()));
      headers.put("X-API-Nonce", "nonce-" + System.nanoTime());
      headers.put("Content-Type", "application/json");
      headers.put("X-API-Signed-Elements", "content-type");
    }

    String sign() {
      var names = new java.util.TreeSet<String>();
      for (String n : List.of("host", "x-api-key", "x-api-timestamp", "x-api-nonce")) {
        names.add(n);
      }
      if (headers.containsKey("X-API-Auth-Token")) {
        names.add("x-api-auth-token");
      }
      if (headers.containsKey("X-API-Signed-Elements")) {
        names.add("x-api-signed-elements");
        names.addAll(List.of(headers.get("X-API-Signed-Elements").split(";")));
      }
      List<String> values = new ArrayList<>();
      for (String n : names) {
        values.add(headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(n)).findFirst().orElseThrow().getValue().strip());
      }
      String cr = Ksig1Canonical.request(method, path, query, List.copyOf(names), values, body);
      return Ksig1Canonical.signature(secret, Ksig1Canonical.stringToSign(headers.get("X-API-Timestamp"), cr));
    }

    RequestView view(String authorization) {
      List<String> h = new ArrayList<>();
      headers.forEach((k, v) -> {
        h.add(k);
        h.add(v);
      });
      if (authorization != null) {
        h.add("Authorization");
        h.add(authorization);
      }
      return TestRequest.of(method, path, query, body, h.toArray(String[]::new));
    }

    RequestView signed() {
      return view("KSig1-HMAC-SHA256 Signature=" + sign());
    }
  }

  Outcome auth(RequestView r) {
    return scheme.authenticate(r, route(Map.of()), dir);
  }

  static String code(Outcome o) {
    return o instanceof Outcome.Rejected r ? r.failure().code() + ": " + r.failure().message() : "OK";
  }

  @Test
  void authenticate_signed_ok() {
    var o = (Outcome.Authenticated) auth(new Req().signed());
    assertThat(o.identity().accountId()).isEqualTo("acc-1");
    assertThat(o.identity().scopes()).containsExactlyInAnyOrder("read", "write");
  }

  @Test
  void authenticate_orderOfChecks() {
    Req r = new Req();
    assertThat(code(auth(r.view("Basic abc")))).isEqualTo("AUTH_INVALID_HEADER: " + Ksig1Dialect.BAD_AUTHORIZATION);
    assertThat(code(auth(r.view("KSig1-HMAC-SHA256 Signature=ABC")))).startsWith("AUTH_INVALID_HEADER: The 'Authorization' header");
    r.headers.remove("X-API-Key");
    assertThat(code(auth(r.view("KSig1-HMAC-SHA256 Signature=" + "0".repeat(64))))).isEqualTo("AUTH_MISSING_HEADER: Required header 'X-API-Key' is missing from the request.");
    r = new Req();
    r.headers.remove("Content-Type");
    assertThat(code(auth(r.view("KSig1-HMAC-SHA256 Signature=" + "0".repeat(64)))))
        .isEqualTo("AUTH_MISSING_HEADER: Required header 'content-type' is missing from the request.");
    r = new Req();
    r.headers.put("X-API-Timestamp", Long.toString(NOW.getEpochSecond() - 301));
    r.headers.put("X-API-Key", "unknown");
    assertThat(code(auth(r.signed()))).startsWith("AUTH_INVALID_HEADER: The 'X-API-Timestamp' header is outside");
    r.headers.put("X-API-Timestamp", Long.toString(NOW.getEpochSecond() - 300));
    assertThat(code(auth(r.signed()))).isEqualTo("AUTH_INVALID_API_KEY: The provided API key is not valid or has been revoked.");
    r = new Req();
    r.headers.put("X-API-Auth-Token", "tok_bad");
    r.secret = "wrong";
    assertThat(code(auth(r.signed()))).isEqualTo("AUTH_INVALID_AUTH_TOKEN: The authentication token is invalid.");
    r.headers.put("X-API-Auth-Token", "tok_other");
    assertThat(code(auth(r.signed()))).isEqualTo("AUTH_INVALID_AUTH_TOKEN: The authentication token is invalid.");
    r.headers.put("X-API-Auth-Token", "tok_good");
    assertThat(code(auth(r.signed()))).isEqualTo("AUTH_SIGNATURE_MISMATCH: The provided signature does not match the calculated signature.");
  }

  @Test
  void authenticate_nonceRecordedOnlyAfterSignature() {
    Req r = new Req();
    String good = r.sign();
    assertThat(code(auth(r.view("KSig1-HMAC-SHA256 Signature=" + "a".repeat(64))))).startsWith("AUTH_SIGNATURE_MISMATCH");
    assertThat(code(auth(r.view("KSig1-HMAC-SHA256 Signature=" + good)))).isEqualTo("OK");
    assertThat(code(auth(r.view("KSig1-HMAC-SHA256 Signature=" + good))))
        .isEqualTo("AUTH_INVALID_HEADER: The 'X-API-Nonce' header has already been used. Send a new nonce with every request.");
  }

  @Test
  void authenticate_tokenRequiredRoute() {
    Req r = new Req();
    assertThat(code(scheme.authenticate(r.signed(), route(Map.of(Ksig1Scheme.TOKEN_OPTION, "true")), dir)))
        .isEqualTo("AUTH_MISSING_HEADER: Required header 'X-API-Auth-Token' is missing from the request.");
    r.headers.put("X-API-Auth-Token", "tok_good");
    var o = (Outcome.Authenticated) scheme.authenticate(r.signed(), route(Map.of(Ksig1Scheme.TOKEN_OPTION, "true")), dir);
    assertThat(o.identity().tokenId()).isEqualTo("t1");
    assertThat(o.identity().scopes()).containsExactly("read");
  }

  @Test
  void authenticate_debugRoute_returnsCanonicalRequest() {
    Req r = new Req();
    var o = (Outcome.Rejected) scheme.authenticate(r.view("KSig1-HMAC-SHA256 Signature=" + "b".repeat(64)),
        route(Map.of(Ksig1Scheme.DEBUG_OPTION, "true")), dir);
    assertThat(o.failure().extra().get("canonical_request")).startsWith("POST\n/api/signed/wh%C3%B6ami\na=A&a=x%2By&b=2\n");
    assertThat(o.failure().extra().get("string_to_sign")).startsWith("KSig1-HMAC-SHA256\n" + NOW.getEpochSecond() + "\n");
    var plain = (Outcome.Rejected) auth(r.view("KSig1-HMAC-SHA256 Signature=" + "b".repeat(64)));
    assertThat(plain.failure().extra()).isEmpty();
  }

  @Test
  void authenticate_lockedAccount_403() {
    dir.account("acc-1", "o@example.com", "pw", AccountStatus.LOCKED);
    var o = (Outcome.Rejected) auth(new Req().signed());
    assertThat(o.failure().status()).isEqualTo(403);
  }

  /** Property: changing any single byte of anything signed is refused. */
  @Test
  void authenticate_anySingleSignedByteChanged_refused() {
    Random rnd = new Random(2026);
    for (int i = 0; i < 2000; i++) {
      Req r = new Req();
      r.headers.put("X-API-Auth-Token", "tok_good");
      String auth = "KSig1-HMAC-SHA256 Signature=" + r.sign();
      int part = rnd.nextInt(5);
      switch (part) {
        case 0 -> r.method = mutate(r.method, rnd);
        case 1 -> r.path = mutate(r.path, rnd);
        case 2 -> r.query = mutate(r.query, rnd);
        case 3 -> {
          byte[] b = r.body.clone();
          int at = rnd.nextInt(b.length);
          b[at] = (byte) (b[at] ^ (1 + rnd.nextInt(255)));
          r.body = b;
        }
        default -> {
          List<String> keys = List.of("Host", "X-API-Timestamp", "X-API-Nonce", "Content-Type", "X-API-Signed-Elements");
          String k = keys.get(rnd.nextInt(keys.size()));
          r.headers.put(k, mutate(r.headers.get(k), rnd));
        }
      }
      String before = r.method + r.path + r.query;
      Outcome o = auth(r.view(auth));
      if (equivalent(part, r, before)) {
        continue;
      }
      assertThat(o).as("part " + part + ": " + r.method + " " + r.path + "?" + r.query + " " + r.headers).isInstanceOf(Outcome.Rejected.class);
    }
  }

  /** A change that canonicalization maps back to the same bytes (e.g. %41 vs A) is not a change of a signed byte. */
  private static boolean equivalent(int part, Req r, String unused) {
    Req fresh = new Req();
    return part == 1 && Ksig1Canonical.path(r.path).equals(Ksig1Canonical.path(fresh.path))
        || part == 2 && Ksig1Canonical.query(r.query).equals(Ksig1Canonical.query(fresh.query));
  }

  private static String mutate(String s, Random rnd) {
    char[] c = s.toCharArray();
    int at = rnd.nextInt(c.length);
    char n;
    do {
      n = (char) (0x21 + rnd.nextInt(0x5e));
    } while (n == c[at]);
    c[at] = n;
    return new String(c);
  }
}
