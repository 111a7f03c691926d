package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.bearer.BearerTesting.FORM;
import static portcullis.server.bearer.BearerTesting.assertError;
import static portcullis.server.bearer.BearerTesting.post;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * What the wire must look like exactly, over a real socket: only canonical JWS encodings verify,
 * repeated parameters are refused, error descriptions stay in the RFC 6749 §5.2 / RFC 6750 §3
 * character set (and never echo what the client sent), and only the form media type is a form.
 */
class BearerWireStrictnessHttpTest {
  static final String REALM = "Portcullis Demo";
  static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @RegisterExtension
  static final RunningGateway h = BearerTesting.gateway(MovableClock.atNow());
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), false, "read", "write");

  static HttpResponse<String> whoami(String token) {
    return h.get("/api/whoami", "Authorization", "Bearer " + token);
  }

  /** RFC 6749 §5.2 and RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E. */
  static void assertDescriptionCharset(String description) {
    assertThat(description).matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+");
  }

  @Test
  void authenticate_nonCanonicalSignatureEncoding_401() {
    String real = BearerTesting.token(h, app);
    for (int i = 0; i < 40 && !real.substring(real.lastIndexOf('.')).matches(".*[-_].*"); i++) {
      real = BearerTesting.token(h, app); // a signature with '-' or '_', to spell it in the other alphabet
    }
    int dot = real.lastIndexOf('.');
    String sig = real.substring(dot + 1);
    // an Ed25519 signature is 86 characters: the last one carries 2 bits and 4 unused ones
    char last = sig.charAt(sig.length() - 1);
    String unusedBitSet = real.substring(0, real.length() - 1) + B64URL.charAt(B64URL.indexOf(last) ^ 1);
    String standardAlphabet = real.substring(0, dot + 1) + sig.replace('-', '+').replace('_', '/');
    assertThat(standardAlphabet).isNotEqualTo(real);
    for (String variant : List.of(real + "==", real + "=", unusedBitSet, standardAlphabet)) {
      var r = whoami(variant);
      JsonObject b = assertError(r, 401, "invalid_token");
      assertThat(b.getString("error_description")).as(variant).isEqualTo("The access token is not a JWT issued here.");
    }
    assertThat(whoami(real).statusCode()).isEqualTo(200);
  }

  @Test
  void authenticate_accessTokenRepeatedInForm_400() {
    String token = BearerTesting.token(h, app);
    var r = post(h, "/api/form/whoami", null, FORM, "access_token=" + token + "&access_token=" + token);
    JsonObject b = assertError(r, 400, "invalid_request");
    assertThat(b.getString("error_description")).isEqualTo("The access_token parameter is repeated; send it once.");
  }

  @Test
  void authenticate_tokenInTwoPlaces_descriptionIsRfc6750Ascii() {
    String token = BearerTesting.token(h, app);
    var r = post(h, "/api/form/whoami", "Bearer " + token, FORM, "access_token=" + token);
    JsonObject b = assertError(r, 400, "invalid_request");
    String description = "Send the access token in one place only (RFC 6750 section 2).";
    assertThat(b.getString("error_description")).isEqualTo(description);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"" + REALM + "\", error=\"invalid_request\", error_description=\"" + description + "\"");
  }

  @Test
  void token_scopeWithCharactersOutsideRfc6749_invalidScopeWithoutEcho() {
    String auth = basic(app.key(), app.secret());
    for (String scope : new String[] {"a%22b", "read%20a%5Cb", "%C3%A9", "a%01b", "%E2%80%AEread", "a%7Fb"}) {
      var r = post(h, "/api/token", auth, FORM, "grant_type=client_credentials&scope=" + scope);
      JsonObject b = assertError(r, 400, "invalid_scope");
      assertThat(b.getString("error_description")).as(scope)
          .isEqualTo("Scope names may hold only visible ASCII characters other than the double quote and the backslash.");
    }
    // a well-formed unknown scope is still named, and the description stays in the allowed set
    var r = post(h, "/api/token", auth, FORM, "grant_type=client_credentials&scope=read%20adm!n~");
    JsonObject b = assertError(r, 400, "invalid_scope");
    assertThat(b.getString("error_description")).isEqualTo("Scope(s) not granted to this app: adm!n~. It may ask for: read write.");
    assertDescriptionCharset(b.getString("error_description"));
  }

  @Test
  void token_mediaTypeMustBeTheFormType() {
    String auth = basic(app.key(), app.secret());
    var r = post(h, "/api/token", auth, FORM + "XYZ", "grant_type=client_credentials");
    JsonObject b = assertError(r, 400, "invalid_request");
    assertThat(b.getString("error_description")).isEqualTo("Send the parameters as Content-Type: application/x-www-form-urlencoded.");
    for (String ct : new String[] {FORM, "Application/X-WWW-Form-URLEncoded", FORM + ";charset=UTF-8", FORM + " ; charset=UTF-8"}) {
      assertThat(post(h, "/api/token", auth, ct, "grant_type=client_credentials").statusCode()).as(ct).isEqualTo(200);
    }
    // a body of another media type carries no access token (RFC 6750 §2.2)
    String token = BearerTesting.token(h, app);
    var route = post(h, "/api/form/whoami", null, FORM + "XYZ", "access_token=" + token);
    assertError(route, 401, "invalid_token");
    assertThat(route.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"" + REALM + "\"");
    assertThat(post(h, "/api/form/whoami", null, FORM + "; charset=UTF-8", "access_token=" + token).statusCode()).isEqualTo(200);
  }
}
