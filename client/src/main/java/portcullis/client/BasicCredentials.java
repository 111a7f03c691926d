package portcullis.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * HTTP Basic with the client key, for {@code java.net.http}: adds {@code Authorization: Basic
 * base64(email:password)} (UTF-8) and {@code X-Client-Key}. Immutable and thread-safe.
 *
 * <pre>{@code
 * var auth = BasicCredentials.of("me@example.com", "open sesame", "my-client-key");
 * HttpRequest req = auth.apply(HttpRequest.newBuilder(URI.create(base + "/v2/whoami"))).build();
 * }</pre>
 */
public final class BasicCredentials {
  private final String authorization;
  private final String clientKey;

  private BasicCredentials(String authorization, String clientKey) {
    this.authorization = authorization;
    this.clientKey = clientKey;
  }

  /**
   * @param email the account's email (must not contain a colon)
   * @param password the password (may contain colons)
   * @param clientKey the app's client key, or null for account-only routes
   */
  public static BasicCredentials of(String email, String password, String clientKey) {
    Objects.requireNonNull(email, "email == null");
    Objects.requireNonNull(password, "password == null");
    if (email.indexOf(':') >= 0) {
      throw new IllegalArgumentException("email must not contain ':'");
    }
    String token = Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new BasicCredentials("Basic " + token, clientKey);
  }

  /** Adds the headers to a request builder and returns it. */
  public HttpRequest.Builder apply(HttpRequest.Builder builder) {
    builder.header("Authorization", authorization);
    if (clientKey != null) {
      builder.header("X-Client-Key", clientKey);
    }
    return builder;
  }

  /** A GET request for {@code uri} with the credentials. */
  public HttpRequest get(URI uri) {
    return apply(HttpRequest.newBuilder(uri)).GET().build();
  }

  @Override
  public String toString() {
    return "BasicCredentials[clientKey=" + clientKey + "]";
  }
}
