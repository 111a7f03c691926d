package portcullis.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the key-token scheme (seed 003) on {@code java.net.http}: exchanges the app's secret
 * for a token at {@code POST /v0/tokens} (sending {@code base64(sha256(secret + timestamp))}, never
 * the secret), refreshes it before it expires or after a 401, and sends {@code Authorization:
 * <public_key>:<token>}.
 *
 * <pre>{@code
 * KeyTokenClient kt = KeyTokenClient.create("https://api.example.com", publicKey, secretKey);
 * HttpResponse<String> r = kt.send(HttpRequest.newBuilder(URI.create("https://api.example.com/v0/whoami")),
 *     HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <p>A token is replaced {@code refreshAhead} before it expires, or half-way through its life when
 * that is shorter. When a refresh fails while the cached token has not expired yet, that token is
 * returned (and the exchange retried a few seconds later).
 *
 * <p>Thread-safe: one token is shared by all threads and refreshed by one of them.
 */
public final class KeyTokenClient {
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"\\\\]+)\"");
  private static final Pattern EXPIRE = Pattern.compile("\"expire\"\\s*:\\s*(\\d{1,19})");
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final HttpClient http;
  private final URI base;
  private final String publicKey;
  private final String secretKey;
  private final Clock clock;
  private final Duration refreshAhead;
  /** After a failed refresh, how long the still-valid cached token is used before the next attempt. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
  private Token current;
  private Instant refreshAt;

  /** A token and when it expires. */
  public record Token(String value, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]";
    }
  }

  /** The gateway refused a token request; {@code status} and {@code message} are its answer. */
  public static final class RejectedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    RejectedException(int status, String message) {
      super("token request refused with " + status + ": " + message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * @param http the client used for every call
   * @param baseUrl the gateway, e.g. {@code https://api.example.com} (the token endpoint is {@code /v0/tokens} under it)
   * @param clock where timestamps and expiry come from
   * @param refreshAhead how long before expiry a token is replaced
   */
  public KeyTokenClient(HttpClient http, URI baseUrl, String publicKey, String secretKey, Clock clock, Duration refreshAhead) {
    this.http = Objects.requireNonNull(http, "http == null");
    String b = Objects.requireNonNull(baseUrl, "baseUrl == null").toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey == null");
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead == null");
  }

  public static KeyTokenClient create(String baseUrl, String publicKey, String secretKey) {
    return new KeyTokenClient(HttpClient.newHttpClient(), URI.create(baseUrl), publicKey, secretKey, Clock.systemUTC(),
        Duration.ofMinutes(1));
  }

  /** {@code base64(sha256(secret + timestamp))}, the value sent as {@code secretKey}. */
  public static String hashedSecret(String secret, long timestamp) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((secret + timestamp).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * The current token, exchanging a new one first when there is none or it is due for a refresh. If
   * that exchange fails while the cached token has not expired, the cached token is returned.
   *
   * @throws RejectedException when the gateway refuses and no unexpired token is cached
   */
  public synchronized Token token() throws IOException, InterruptedException {
    Instant sent = clock.instant();
    if (current != null && sent.isBefore(refreshAt)) {
      return current;
    }
    Token fresh;
    try {
      fresh = exchange();
    } catch (IOException e) {
      Instant now = clock.instant();
      if (current != null && now.isBefore(current.expiresAt())) {
        Instant retry = now.plus(RETRY_AFTER_FAILURE);
        refreshAt = retry.isBefore(current.expiresAt()) ? retry : current.expiresAt();
        return current;
      }
      throw e;
    }
    Duration life = Duration.between(sent, fresh.expiresAt());
    Duration early = life.isNegative() ? Duration.ZERO : life.dividedBy(2).compareTo(refreshAhead) < 0 ? life.dividedBy(2) : refreshAhead;
    current = fresh;
    refreshAt = fresh.expiresAt().minus(early);
    return current;
  }

  /** Forgets the current token; the next call exchanges a new one. */
  public synchronized void invalidate() {
    current = null;
  }

  /** {@code <public_key>:<token>}, the value of the Authorization header. */
  public String authorization() throws IOException, InterruptedException {
    return publicKey + ":" + token().value();
  }

  /** Sends a request with the Authorization header; after a 401 it gets a new token and retries once. */
  public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Token used = token();
    HttpResponse<T> r = http.send(request.copy().setHeader("Authorization", publicKey + ":" + used.value()).build(), handler);
    if (r.statusCode() != 401) {
      return r;
    }
    synchronized (this) {
      if (current == used) {
        current = null;
      }
    }
    return http.send(request.copy().setHeader("Authorization", authorization()).build(), handler);
  }

  private Token exchange() throws IOException, InterruptedException {
    long now = clock.millis();
    String body = "{\"publicKey\":" + quote(publicKey) + ",\"secretKey\":" + quote(hashedSecret(secretKey, now))
        + ",\"timestamp\":" + now + "}";
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v0/tokens"))
        .header("Content-Type", "application/json").header("Authorization", publicKey)
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      Matcher m = MESSAGE.matcher(r.body());
      throw new RejectedException(r.statusCode(), m.find() ? m.group(1) : r.body());
    }
    Matcher t = TOKEN.matcher(r.body());
    Matcher e = EXPIRE.matcher(r.body());
    if (!t.find() || !e.find()) {
      throw new IOException("the token response has no token or expire field");
    }
    return new Token(t.group(1), Instant.ofEpochMilli(Long.parseLong(e.group(1))));
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
