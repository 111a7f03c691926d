package portcullis.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP Digest (RFC 7616, qop=auth) for {@link java.net.http.HttpClient}, which only knows Basic.
 * The first request goes without credentials; the 401's challenge is answered (SHA-512-256, then
 * SHA-256, then MD5, {@code -sess} variants too; a hashed user name when the server asks for it),
 * and later requests reuse the nonce with an increasing nonce count until the server says {@code
 * stale=true}. A nonce is only reused with the origin (scheme, host, port) that issued it: a request
 * to another origin starts with its own challenge. Headers added with {@link #header} (the
 * Portcullis client key) go on every request.
 *
 * <pre>{@code
 * DigestAuth auth = DigestAuth.of("ali@example.com", "open sesame").header("X-Client-Key", key);
 * HttpResponse<String> r = auth.send(http, HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p>Thread-safe: concurrent requests share the nonce and draw distinct counts (a server that
 * requires strictly increasing counts may refuse one that overtakes another; it is retried once).
 */
public final class DigestAuth {
  private static final List<String> PREFERENCE = List.of("SHA-512-256", "SHA-512-256-sess", "SHA-256", "SHA-256-sess", "MD5", "MD5-sess");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_ORIGINS = 64;

  private final String username;
  private final String password;
  private final Map<String, String> headers;
  /** The current challenge per origin ({@code scheme://host:port}); a protection space is one origin. */
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  private record Session(DigestChallenge challenge, AtomicLong nc) {}

  private DigestAuth(String username, String password, Map<String, String> headers) {
    this.username = username;
    this.password = password;
    this.headers = headers;
  }

  public static DigestAuth of(String username, String password) {
    return new DigestAuth(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"), Map.of());
  }

  /** A copy that also sends this header on every request (e.g. {@code X-Client-Key}). */
  public DigestAuth header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new DigestAuth(username, password, Map.copyOf(h));
  }

  /** Sends the request, answering a Digest challenge; the request's body publisher may be used twice. */
  public <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    String origin = origin(request.uri());
    Session s = sessions.get(origin);
    long[] sent = {0};
    HttpResponse<T> r = client.send(build(request, s, sent), handler);
    if (r.statusCode() != 401) {
      return r;
    }
    DigestChallenge c = choose(DigestChallenge.parseAll(r.headers().allValues("WWW-Authenticate")));
    if (c == null) {
      return r;
    }
    Session fresh = new Session(c, new AtomicLong());
    if (sessions.size() >= MAX_ORIGINS) {
      sessions.clear();
    }
    sessions.put(origin, fresh);
    // always one retry with the new challenge: even a count of 1 may have been refused because another
    // thread's higher count of the same nonce reached the server first
    return client.send(build(request, fresh, sent), handler);
  }

  private HttpRequest build(HttpRequest request, Session s, long[] sent) {
    HttpRequest.Builder b = HttpRequest.newBuilder(request, (n, v) -> true);
    headers.forEach(b::setHeader);
    if (s != null) {
      sent[0] = s.nc().incrementAndGet();
      b.setHeader("Authorization", authorization(s.challenge(), sent[0], request.method(), target(request.uri()),
          HEX.formatHex(bytes(16))));
    }
    return b.build();
  }

  /** The best challenge this client can answer, or null. */
  static DigestChallenge choose(List<DigestChallenge> challenges) {
    DigestChallenge best = null;
    for (DigestChallenge c : challenges) {
      int rank = PREFERENCE.indexOf(canonical(c.algorithm()));
      if (rank >= 0 && c.qops().contains("auth") && (best == null || rank < PREFERENCE.indexOf(canonical(best.algorithm())))) {
        best = c;
      }
    }
    return best;
  }

  private static String canonical(String algorithm) {
    for (String a : PREFERENCE) {
      if (a.equalsIgnoreCase(algorithm)) {
        return a;
      }
    }
    return algorithm;
  }

  static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + host + ":" + port;
  }

  /**
   * The request target as java.net.http writes it on an HTTP/1.1 request line: no '?' when the query
   * is empty, and characters outside ASCII (which {@link URI}'s multi-argument constructors leave
   * unquoted) NFC-normalized and percent-encoded as UTF-8.
   */
  static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    return encodeNonAscii(query == null || query.isEmpty() ? path : path + "?" + query);
  }

  private static String encodeNonAscii(String s) {
    if (s.chars().allMatch(c -> c < 0x80)) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (byte x : Normalizer.normalize(s, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x80) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** The {@code Authorization} value answering {@code c} (package-private for the vector tests). */
  String authorization(DigestChallenge c, long nc, String method, String uri, String cnonce) {
    String alg = canonical(c.algorithm());
    boolean sess = alg.endsWith("-sess");
    String jca = alg.startsWith("SHA-512-256") ? "SHA-512/256" : alg.startsWith("SHA-256") ? "SHA-256" : "MD5";
    String ncHex = String.format(Locale.ROOT, "%08x", nc);
    String ha1 = hash(jca, username + ":" + c.realm() + ":" + password);
    if (sess) {
      ha1 = hash(jca, ha1 + ":" + c.nonce() + ":" + cnonce);
    }
    String ha2 = hash(jca, method + ":" + uri);
    String response = hash(jca, ha1 + ":" + c.nonce() + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
    StringBuilder b = new StringBuilder("Digest ");
    if (c.userhash()) {
      b.append("username=\"").append(hash(jca, username + ":" + c.realm())).append("\", userhash=true");
    } else if (username.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
      b.append("username=").append(quote(username));
    } else {
      b.append("username*=UTF-8''").append(percent(username));
    }
    b.append(", realm=").append(quote(c.realm())).append(", uri=").append(quote(uri)).append(", algorithm=").append(alg)
        .append(", nonce=").append(quote(c.nonce())).append(", nc=").append(ncHex).append(", cnonce=").append(quote(cnonce))
        .append(", qop=auth, response=\"").append(response).append('"');
    if (c.opaque() != null) {
      b.append(", opaque=").append(quote(c.opaque()));
    }
    return b.toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String percent(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  static String hash(String jca, String text) {
    try {
      return HEX.formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " unavailable", e);
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
