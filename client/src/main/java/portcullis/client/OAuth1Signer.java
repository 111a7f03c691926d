package portcullis.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests with OAuth 1.0a (RFC 5849): HMAC-SHA1, HMAC-SHA256, PLAINTEXT or RSA-SHA1. JDK only.
 * Immutable and thread-safe; build one per client (and token) and call {@link #sign} per request.
 *
 * <pre>{@code
 * OAuth1Signer s = OAuth1Signer.builder(key, secret).token(token, tokenSecret).build();
 * HttpRequest req = HttpRequest.newBuilder(uri)
 *     .header("Authorization", s.sign("GET", uri, List.of(), Map.of()).authorizationHeader(null)).build();
 * }</pre>
 */
public final class OAuth1Signer {
  /** The signature methods. */
  public enum Method {
    HMAC_SHA1("HMAC-SHA1"), HMAC_SHA256("HMAC-SHA256"), PLAINTEXT("PLAINTEXT"), RSA_SHA1("RSA-SHA1");

    final String wire;

    Method(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private final String consumerKey;
  private final String consumerSecret;
  private final String token;
  private final String tokenSecret;
  private final Method method;
  private final PrivateKey rsaKey;
  private final Clock clock;

  private OAuth1Signer(Builder b) {
    this.consumerKey = Objects.requireNonNull(b.consumerKey, "consumerKey == null");
    this.consumerSecret = b.consumerSecret == null ? "" : b.consumerSecret;
    this.token = b.token;
    this.tokenSecret = b.tokenSecret == null ? "" : b.tokenSecret;
    this.method = b.method;
    this.rsaKey = b.rsaKey;
    this.clock = b.clock;
    if (method == Method.RSA_SHA1 && rsaKey == null) {
      throw new IllegalArgumentException("RSA-SHA1 needs rsaKey(PrivateKey)");
    }
  }

  public static Builder builder(String consumerKey, String consumerSecret) {
    return new Builder(consumerKey, consumerSecret);
  }

  /** Configures an {@link OAuth1Signer}. */
  public static final class Builder {
    private final String consumerKey;
    private final String consumerSecret;
    private String token;
    private String tokenSecret;
    private Method method = Method.HMAC_SHA1;
    private PrivateKey rsaKey;
    private Clock clock = Clock.systemUTC();

    private Builder(String consumerKey, String consumerSecret) {
      this.consumerKey = consumerKey;
      this.consumerSecret = consumerSecret;
    }

    /** The request or access token and its secret. */
    public Builder token(String token, String tokenSecret) {
      this.token = token;
      this.tokenSecret = tokenSecret;
      return this;
    }

    public Builder method(Method method) {
      this.method = Objects.requireNonNull(method, "method == null");
      return this;
    }

    /** The private key for RSA-SHA1 (also selects RSA-SHA1). */
    public Builder rsaKey(PrivateKey key) {
      this.rsaKey = key;
      this.method = Method.RSA_SHA1;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    public OAuth1Signer build() {
      return new OAuth1Signer(this);
    }
  }

  /** The protocol parameters of one signed request, {@code oauth_signature} last. */
  public record Signed(Map<String, String> oauthParams, String baseString) {
    /** {@code OAuth realm="…", oauth_…="…", …} for the Authorization header. */
    public String authorizationHeader(String realm) {
      StringBuilder b = new StringBuilder("OAuth ");
      if (realm != null) {
        b.append("realm=\"").append(realm.replace("\"", "\\\"")).append("\", ");
      }
      int i = 0;
      for (var e : oauthParams.entrySet()) {
        b.append(i++ == 0 ? "" : ", ").append(encode(e.getKey())).append("=\"").append(encode(e.getValue())).append('"');
      }
      return b.toString();
    }

    /** The parameters as {@code a=b&c=d}, for a query string or a form body. */
    public String formEncoded() {
      StringBuilder b = new StringBuilder();
      for (var e : oauthParams.entrySet()) {
        b.append(b.isEmpty() ? "" : "&").append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      }
      return b.toString();
    }
  }

  /**
   * Signs a request.
   *
   * @param httpMethod e.g. {@code GET}
   * @param uri the full request URI; its query parameters are signed
   * @param formBody decoded parameters of an {@code application/x-www-form-urlencoded} body (else empty)
   * @param extraOAuth more protocol parameters, e.g. {@code oauth_callback} or {@code oauth_verifier}
   */
  public Signed sign(String httpMethod, URI uri, List<Map.Entry<String, String>> formBody, Map<String, String> extraOAuth) {
    Map<String, String> oauth = new LinkedHashMap<>();
    oauth.put("oauth_consumer_key", consumerKey);
    if (token != null) {
      oauth.put("oauth_token", token);
    }
    oauth.put("oauth_signature_method", method.wire);
    oauth.put("oauth_timestamp", Long.toString(clock.instant().getEpochSecond()));
    oauth.put("oauth_nonce", nonce());
    oauth.put("oauth_version", "1.0");
    oauth.putAll(extraOAuth);
    List<Map.Entry<String, String>> all = new ArrayList<>(oauth.entrySet());
    String rawQuery = uri.getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          all.add(Map.entry(formDecode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : formDecode(pair.substring(eq + 1))));
        }
      }
    }
    all.addAll(formBody);
    String base = baseString(httpMethod, uri, all);
    oauth.put("oauth_signature", signature(base));
    return new Signed(oauth, base);
  }

  private String signature(String base) {
    String key = encode(consumerSecret) + "&" + encode(tokenSecret);
    try {
      switch (method) {
        case PLAINTEXT:
          return key;
        case RSA_SHA1: {
          Signature s = Signature.getInstance("SHA1withRSA");
          s.initSign(rsaKey);
          s.update(base.getBytes(StandardCharsets.UTF_8));
          return Base64.getEncoder().encodeToString(s.sign());
        }
        default: {
          String alg = method == Method.HMAC_SHA1 ? "HmacSHA1" : "HmacSHA256";
          Mac mac = Mac.getInstance(alg);
          mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), alg));
          return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + method.wire + ": " + e.getMessage(), e);
    }
  }

  /** The signature base string (RFC 5849 §3.4.1) of a request with these decoded parameters. */
  public static String baseString(String httpMethod, URI uri, List<Map.Entry<String, String>> params) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String baseUri = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    List<String> enc = new ArrayList<>();
    for (var e : params) {
      enc.add(encode(e.getKey()) + "=" + encode(e.getValue()));
    }
    enc.sort((a, b) -> {
      String na = a.substring(0, a.indexOf('='));
      String nb = b.substring(0, b.indexOf('='));
      int c = na.compareTo(nb);
      return c != 0 ? c : a.substring(na.length() + 1).compareTo(b.substring(nb.length() + 1));
    });
    return httpMethod.toUpperCase(Locale.ROOT) + "&" + encode(baseUri) + "&" + encode(String.join("&", enc));
  }

  private static String nonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** RFC 3986 percent-encoding (unreserved kept, upper-case hex). */
  public static String encode(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return b.toString();
  }

  private static String formDecode(String s) {
    try {
      return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
