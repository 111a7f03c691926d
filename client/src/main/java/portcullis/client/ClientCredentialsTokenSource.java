package portcullis.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bearer access tokens from a Portcullis {@code POST /api/token} (OAuth 2.0 client credentials),
 * fetched on first use, cached, and fetched again {@code refreshBefore} ahead of expiry. Safe under
 * concurrent use: while one thread fetches, the others wait for that same fetch instead of starting
 * their own, and get its failure if it fails; readers of a fresh token take no lock. When a refresh fails while the cached token has
 * not expired yet, that token is returned (and the fetch retried a few seconds later).
 *
 * <pre>{@code
 * var tokens = ClientCredentialsTokenSource.builder(URI.create("https://api.example.com/api/token"), key, secret).build();
 * request.header("Authorization", "Bearer " + tokens.token());
 * }</pre>
 */
public final class ClientCredentialsTokenSource {
  private final URI endpoint;
  private final String authorization;
  private final String scope;
  private final HttpClient http;
  private final Clock clock;
  private final Duration refreshBefore;
  private final ReentrantLock lock = new ReentrantLock();
  /** After a failed refresh, how long the still-valid cached token is used before the next attempt. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

  private final AtomicReference<Token> current = new AtomicReference<>();
  /** How many fetches have finished (written under the lock), and the failure of the last one, if it failed. */
  private volatile long fetchesDone;
  private volatile Failed lastFailure;

  private record Failed(long fetch, TokenException error) {}

  /** A token, when to fetch the next one, and when it expires. */
  private record Token(String value, Instant refreshAt, Instant expiresAt) {}

  private ClientCredentialsTokenSource(Builder b) {
    this.endpoint = b.endpoint;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (form(b.clientKey) + ":" + form(b.clientSecret)).getBytes(StandardCharsets.UTF_8));
    this.scope = b.scope;
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.clock = b.clock;
    this.refreshBefore = b.refreshBefore;
  }

  /** RFC 6749 §2.3.1: key and secret are form-urlencoded before they are joined for Basic. */
  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public static Builder builder(URI tokenEndpoint, String clientKey, String clientSecret) {
    return new Builder(tokenEndpoint, clientKey, clientSecret);
  }

  /**
   * A valid access token, fetching a new one when none is cached or the cached one is within
   * {@code refreshBefore} of expiring. If that fetch fails while the cached token has not expired,
   * the cached token is returned.
   *
   * @throws TokenException when the endpoint refuses (its {@code error} and description) or cannot be
   *     reached and no unexpired token is cached
   */
  public String token() {
    Token t = current.get();
    if (t != null && clock.instant().isBefore(t.refreshAt())) {
      return t.value();
    }
    long before = fetchesDone;
    lock.lock();
    try {
      t = current.get();
      Instant now = clock.instant();
      if (t != null && now.isBefore(t.refreshAt())) {
        return t.value();
      }
      Failed failed = lastFailure;
      if (failed != null && failed.fetch() > before) {
        // a fetch that failed while this caller waited for it: share its failure, do not fetch again
        TokenException e = failed.error();
        throw new TokenException(e.status(), e.error(), e.description, e);
      }
      Token fresh;
      try {
        fresh = fetch();
        lastFailure = null;
        fetchesDone++;
      } catch (TokenException e) {
        lastFailure = new Failed(fetchesDone + 1, e);
        fetchesDone++;
        if (t != null && clock.instant().isBefore(t.expiresAt())) {
          Instant retry = clock.instant().plus(RETRY_AFTER_FAILURE);
          current.compareAndSet(t, new Token(t.value(), retry.isBefore(t.expiresAt()) ? retry : t.expiresAt(), t.expiresAt()));
          return t.value();
        }
        throw e;
      }
      current.set(fresh);
      return fresh.value();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets the cached token if it is still {@code token} (e.g. after a 401 because it was revoked),
   * so the next call fetches. A late 401 for an older token leaves a newer cached one alone.
   */
  public void invalidate(String token) {
    Token t = current.get();
    if (t != null && t.value().equals(token)) {
      current.compareAndSet(t, null);
    }
  }

  /** Forgets whatever token is cached; prefer {@link #invalidate(String)}, which cannot drop a newer token. */
  public void invalidate() {
    current.set(null);
  }

  private Token fetch() {
    Instant sent = clock.instant();
    String body = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + form(scope));
    HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TokenException(0, "unreachable", "token endpoint " + endpoint + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenException(0, "interrupted", "interrupted while fetching a token", e);
    }
    var json = FlatJson.parse(resp.body());
    if (resp.statusCode() != 200) {
      String error = json.getOrDefault("error", "http_" + resp.statusCode());
      throw new TokenException(resp.statusCode(), error, json.getOrDefault("error_description", ""), null);
    }
    String value = json.get("access_token");
    String expires = json.get("expires_in");
    if (value == null || value.isEmpty()) {
      throw new TokenException(200, "invalid_response", "the token endpoint answered without an access_token", null);
    }
    long seconds;
    try {
      seconds = expires == null ? 60 : Long.parseLong(expires);
    } catch (NumberFormatException e) {
      seconds = 60;
    }
    Duration life = Duration.ofSeconds(seconds);
    Duration early = refreshBefore.compareTo(life.dividedBy(2)) > 0 ? life.dividedBy(2) : refreshBefore;
    return new Token(value, sent.plus(life).minus(early), sent.plus(life));
  }

  /** Options; only the endpoint and credentials are required. */
  public static final class Builder {
    private final URI endpoint;
    private final String clientKey;
    private final String clientSecret;
    private String scope;
    private HttpClient http;
    private Clock clock = Clock.systemUTC();
    private Duration refreshBefore = Duration.ofSeconds(60);

    private Builder(URI endpoint, String clientKey, String clientSecret) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
      this.clientKey = Objects.requireNonNull(clientKey, "clientKey == null");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
    }

    /** Space-separated scopes to ask for; by default the app's own scopes. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http == null");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** How long before expiry a new token is fetched (default 60 s; at most half the token's life). */
    public Builder refreshBefore(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("refreshBefore must not be negative, was " + d);
      }
      this.refreshBefore = d;
      return this;
    }

    public ClientCredentialsTokenSource build() {
      return new ClientCredentialsTokenSource(this);
    }
  }

  /** The token endpoint refused or could not be reached. */
  public static final class TokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;
    private final String description;

    TokenException(int status, String error, String description, Throwable cause) {
      super(error + (description.isEmpty() ? "" : ": " + description), cause);
      this.status = status;
      this.error = error;
      this.description = description;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int status() {
      return status;
    }

    /** The OAuth error code ({@code invalid_client}, ...). */
    public String error() {
      return error;
    }
  }
}
