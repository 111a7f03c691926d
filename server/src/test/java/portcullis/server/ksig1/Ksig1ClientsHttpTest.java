package portcullis.server.ksig1;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import portcullis.client.Ksig1Signer;
import portcullis.server.Harness;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** KSig1 across clients over a real socket: nonces are namespaced per client; secret rotation with and without overlap. */
class Ksig1ClientsHttpTest {
  static final String PATH = "/api/signed/whoami";

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount alice = h.accountForClass("alice+ksig-clients@example.com", "open sesame 6");

  /** GET {@link #PATH} signed by {@code key}/{@code secret} with the given nonce (a fresh one when null). */
  static HttpResponse<String> get(String key, String secret, String nonce) {
    Ksig1Signer signer = new Ksig1Signer(key, secret, Clock.systemUTC(), null);
    URI uri = URI.create(h.base + PATH);
    Map<String, String> headers = nonce == null
        ? signer.sign("GET", uri, Map.of(), new byte[0]).headers()
        : signer.sign("GET", uri.getRawPath(), uri.getRawQuery(), Ksig1Signer.host(uri), Map.of(), new byte[0],
            System.currentTimeMillis() / 1000, nonce).headers();
    List<String> flat = new ArrayList<>();
    headers.forEach((k, v) -> {
      flat.add(k);
      flat.add(v);
    });
    return h.get(PATH, flat.toArray(String[]::new));
  }

  static void assertOk(HttpResponse<String> r, String clientKey) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("client")).isEqualTo(clientKey);
  }

  static void assertCode(HttpResponse<String> r, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(json(r).getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo(code);
  }

  @Test
  void sameNonce_twoClients_bothAccepted_reuseByOneClientRefused() {
    var a = h.client(alice, false, "read");
    var b = h.client(alice, false, "read");
    String nonce = UUID.randomUUID().toString();
    assertOk(get(a.key(), a.secret(), nonce), a.key());
    assertOk(get(b.key(), b.secret(), nonce), b.key());
    var replay = get(a.key(), a.secret(), nonce);
    assertCode(replay, "AUTH_INVALID_HEADER");
    assertThat(json(replay).getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("The 'X-API-Nonce' header has already been used. Send a new nonce with every request.");
    assertCode(get(b.key(), b.secret(), nonce), "AUTH_INVALID_HEADER");
  }

  static String rotate(String key, long overlapSeconds) {
    var r = h.admin("POST", "/admin/clients/" + key + "/rotate-secret", new JsonObject().put("overlap_seconds", overlapSeconds));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).getString("client_secret");
  }

  @Test
  void rotateSecret_withOverlap_bothSecretsSign_withoutOverlap_previousRefused() {
    var app = h.client(alice, false, "read");
    String original = app.secret();
    assertOk(get(app.key(), original, null), app.key());

    String second = rotate(app.key(), 3600);
    assertThat(second).isNotEqualTo(original);
    assertOk(get(app.key(), original, null), app.key());
    assertOk(get(app.key(), second, null), app.key());

    String third = rotate(app.key(), 0);
    assertCode(get(app.key(), second, null), "AUTH_SIGNATURE_MISMATCH");
    assertCode(get(app.key(), original, null), "AUTH_SIGNATURE_MISMATCH");
    assertOk(get(app.key(), third, null), app.key());
  }
}
