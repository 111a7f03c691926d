package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import portcullis.server.testing.RunningGateway;

/**
 * Shared pieces of the bearer HTTP tests: a gateway whose bearer module reads a movable clock
 * (start it at the real time, {@link MovableClock#atNow}, so that third-party verifiers accept iat/exp).
 */
final class BearerTesting {
  private BearerTesting() {}

  /** The demo configuration plus a route needing scope {@code admin}, with the bearer module on {@code clock}. */
  static RunningGateway gateway(MovableClock clock) {
    return RunningGateway.of(YAML, clock);
  }

  static final String YAML = Harness.demoYaml() + """
          - name: api-admin-whoami
            path: /api/admin/whoami
            methods: [GET, POST]
            upstream: sample
            schemes: [bearer]
            scopes: [admin]
          - name: api-whoami-post
            path: /api/form/whoami
            methods: [POST]
            upstream: sample
            schemes: [bearer]
        """;

  static HttpResponse<String> post(Harness h, String path, String authorization, String contentType, String body) {
    HttpRequest.Builder b = h.request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return h.send(b);
  }

  static final String FORM = "application/x-www-form-urlencoded";

  static String token(Harness h, Harness.TestClient c) {
    var r = post(h, "/api/token", Harness.basic(c.key(), c.secret()), FORM, "grant_type=client_credentials");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Harness.json(r).getString("access_token");
  }

  /** Asserts an RFC 6749 §5.2 / RFC 6750 error body. */
  static JsonObject assertError(HttpResponse<String> r, int status, String error) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject b = Harness.json(r);
    assertThat(b.getString("error")).isEqualTo(error);
    assertThat(b.getString("error_description")).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception");
    return b;
  }

  /** Runs a Python program with Debian's python3 (not the pyenv one on PATH). */
  static Harness.Run python(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("env", "OAUTHLIB_INSECURE_TRANSPORT=1", "/usr/bin/python3", "-c", script));
    cmd.addAll(List.of(args));
    return Harness.run(cmd, null);
  }

  /** python3-jwt: fetches the JWKS, picks the key by kid, verifies signature, iss, exp; prints the claims. */
  static final String PYJWT_VERIFY = """
      import json, sys, jwt
      base, token = sys.argv[1], sys.argv[2]
      key = jwt.PyJWKClient(base + "/.well-known/jwks.json").get_signing_key_from_jwt(token)
      alg = jwt.get_unverified_header(token)["alg"]
      claims = jwt.decode(token, key.key, algorithms=[alg], issuer="portcullis",
                          options={"require": ["exp", "iat", "iss", "sub", "jti"]})
      print(json.dumps(claims))
      """;
}
