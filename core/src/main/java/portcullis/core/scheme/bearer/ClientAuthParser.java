package portcullis.core.scheme.bearer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.Result;
import portcullis.core.text.Form;
import portcullis.core.text.AuthScheme;

/**
 * Client authentication at the token endpoints (RFC 6749 §2.3.1): HTTP Basic whose user-id and
 * password are each {@code application/x-www-form-urlencoded} (so a {@code :} in the key arrives as
 * {@code %3A}), or {@code client_id} + {@code client_secret} in the form body; never both. Never
 * throws.
 */
final class ClientAuthParser {
  private ClientAuthParser() {}

  /** The client's key and secret as sent. */
  record ClientCredentials(String clientId, String secret) {
    @Override
    public String toString() {
      return "ClientCredentials[clientId=" + clientId + "]";
    }
  }

  /**
   * The client credentials, or the RFC 6749 section 5.2 error naming {@code realm}: {@code
   * invalid_request} (400) for a malformed request, {@code invalid_client} (401) otherwise.
   */
  static Result<ClientCredentials> parse(List<String> authorization, Map<String, List<String>> form, String realm) {
    String bodyId = single(form, "client_id");
    String bodySecret = single(form, "client_secret");
    if (authorization.size() > 1) {
      return invalid(realm, OAuth2Dialect.INVALID_REQUEST, "Send exactly one Authorization header.");
    }
    String auth = authorization.isEmpty() ? null : authorization.get(0);
    if (auth != null) {
      if (!isBasic(auth)) {
        return invalid(realm, OAuth2Dialect.INVALID_CLIENT, "Authenticate the client with HTTP Basic client_key:client_secret.");
      }
      if (bodySecret != null) {
        return invalid(realm, OAuth2Dialect.INVALID_REQUEST, "Use one client authentication method only: HTTP Basic or client_secret in the body, not both.");
      }
      String b64 = auth.substring(5).trim();
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        return invalid(realm, OAuth2Dialect.INVALID_CLIENT, "The Basic credentials are not valid base64; send base64(client_key:client_secret).");
      }
      String text = new String(raw, StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      if (colon < 0) {
        return invalid(realm, OAuth2Dialect.INVALID_CLIENT, "The Basic credentials have no colon; send base64(client_key:client_secret).");
      }
      String id = Form.decode(text.substring(0, colon), true);
      String secret = Form.decode(text.substring(colon + 1), true);
      if (id.isEmpty() || secret.isEmpty()) {
        return invalid(realm, OAuth2Dialect.INVALID_CLIENT, "The client_key and the client_secret must both be given.");
      }
      if (bodyId != null && !bodyId.equals(id)) {
        return invalid(realm, OAuth2Dialect.INVALID_REQUEST, "The client_id in the body is not the client of the Authorization header.");
      }
      return Result.ok(new ClientCredentials(id, secret));
    }
    if (bodyId == null && bodySecret == null) {
      return invalid(realm, OAuth2Dialect.INVALID_CLIENT, "Client authentication is required: send HTTP Basic client_key:client_secret"
          + " (or client_id and client_secret in the form body).");
    }
    if (bodyId == null || bodyId.isEmpty() || bodySecret == null || bodySecret.isEmpty()) {
      return invalid(realm, OAuth2Dialect.INVALID_CLIENT, "Send both client_id and client_secret, or use HTTP Basic client_key:client_secret.");
    }
    return Result.ok(new ClientCredentials(bodyId, bodySecret));
  }

  static boolean isBasic(String authorization) {
    return AuthScheme.is(authorization, "Basic");
  }

  private static String single(Map<String, List<String>> form, String name) {
    List<String> v = form.get(name);
    return v == null ? null : v.get(0);
  }

  private static Result<ClientCredentials> invalid(String realm, String error, String description) {
    return Result.reject(OAuth2Dialect.INSTANCE.token(error, description, realm, "client auth: " + description));
  }
}
