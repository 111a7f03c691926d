package portcullis.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests with KSig1-HMAC-SHA256 for {@code java.net.http}:
 *
 * <pre>{@code
 * Ksig1Signer signer = new Ksig1Signer(clientKey, clientSecret, Clock.systemUTC(), null);
 * HttpRequest req = signer.request("POST", URI.create("https://api.example.com/api/signed/whoami"),
 *     Map.of("Content-Type", "application/json"), "{\"a\":1}".getBytes(UTF_8));
 * client.send(req, BodyHandlers.ofString());
 * }</pre>
 *
 * Every extra header given is signed (listed in {@code X-API-Signed-Elements}). Each call uses a new
 * random nonce. Thread-safe.
 */
public final class Ksig1Signer {
  public static final String ALGORITHM = "KSig1-HMAC-SHA256";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final char[] UPPER = "0123456789ABCDEF".toCharArray();
  private final String apiKey;
  private final String secret;
  private final Clock clock;
  private final String authToken;

  /**
   * @param authToken a bearer token or key-token for {@code X-API-Auth-Token}, or null
   */
  public Ksig1Signer(String apiKey, String secret, Clock clock, String authToken) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
    this.secret = Objects.requireNonNull(secret, "secret == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.authToken = authToken;
  }

  /** What a signature covered: the canonical request and string to sign, for debugging. */
  public record Signed(Map<String, String> headers, String canonicalRequest, String stringToSign, String signature) {}

  /**
   * A complete request: the extra headers, the KSig1 headers and the body.
   *
   * @throws IllegalArgumentException if an extra header value is not printable ASCII: java.net.http
   *     would send it altered (a non-ASCII character as {@code ?}), so its signature could never match
   */
  public HttpRequest request(String method, URI uri, Map<String, String> extraHeaders, byte[] body) {
    extraHeaders.forEach((k, v) -> {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if ((c < 0x20 && c != '\t') || c > 0x7e) {
          throw new IllegalArgumentException("header " + k + ": java.net.http cannot send character U+"
              + String.format("%04X", (int) c) + " as signed; percent-encode or base64 the value first");
        }
      }
    });
    Signed s = sign(method, uri, extraHeaders, body);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method,
        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    extraHeaders.forEach(b::header);
    s.headers().forEach(b::header);
    return b.build();
  }

  /**
   * The headers to add to a request (Authorization, X-API-Key, X-API-Timestamp, X-API-Nonce, and
   * X-API-Auth-Token / X-API-Signed-Elements when used). {@code extraHeaders} are sent too and signed.
   */
  public Signed sign(String method, URI uri, Map<String, String> extraHeaders, byte[] body) {
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    String nonce = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    return sign(method, uri.getRawPath(), uri.getRawQuery(), host(uri), extraHeaders, body, clock.millis() / 1000, nonce);
  }

  /** Signs with an explicit host, timestamp and nonce (tests, pre-signed benchmark requests). */
  public Signed sign(String method, String rawPath, String rawQuery, String host, Map<String, String> extraHeaders,
      byte[] body, long timestamp, String nonce) {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("X-API-Key", apiKey);
    sent.put("X-API-Timestamp", Long.toString(timestamp));
    sent.put("X-API-Nonce", nonce);
    if (authToken != null) {
      sent.put("X-API-Auth-Token", authToken);
    }
    TreeMap<String, String> signed = new TreeMap<>();
    signed.put("host", host);
    sent.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), v));
    if (!extraHeaders.isEmpty()) {
      List<String> names = new ArrayList<>();
      extraHeaders.forEach((k, v) -> {
        names.add(k.toLowerCase(Locale.ROOT));
        signed.put(k.toLowerCase(Locale.ROOT), v);
      });
      String elements = String.join(";", names);
      sent.put("X-API-Signed-Elements", elements);
      signed.put("x-api-signed-elements", elements);
    }
    StringBuilder cr = new StringBuilder(256).append(method).append('\n').append(canonicalPath(rawPath)).append('\n')
        .append(canonicalQuery(rawQuery)).append('\n');
    signed.forEach((k, v) -> cr.append(k).append(':').append(collapse(v)).append('\n'));
    cr.append('\n').append(String.join(";", signed.keySet())).append('\n').append(HEX.formatHex(sha256(body)));
    String canonical = cr.toString();
    String toSign = ALGORITHM + "\n" + timestamp + "\n" + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    String signature = HEX.formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), toSign.getBytes(StandardCharsets.UTF_8)));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", ALGORITHM + " Signature=" + signature);
    headers.putAll(sent);
    return new Signed(headers, canonical, toSign, signature);
  }

  /** The Host header java.net.http and curl send for this URI (port only when not the default). */
  public static String host(URI uri) {
    int port = uri.getPort();
    boolean secure = "https".equalsIgnoreCase(uri.getScheme());
    boolean defaultPort = port == -1 || (secure ? port == 443 : port == 80);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    String[] segs = rawPath.split("/", -1);
    for (int i = 0; i < segs.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      encode(out, decode(segs[i]));
    }
    return out.toString();
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String p : rawQuery.split("&")) {
      if (!p.isEmpty()) {
        int eq = p.indexOf('=');
        pairs.add(new String[] {encode(new StringBuilder(), decode(eq < 0 ? p : p.substring(0, eq))).toString(),
            encode(new StringBuilder(), decode(eq < 0 ? "" : p.substring(eq + 1))).toString()});
      }
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      out.append(out.isEmpty() ? "" : "&").append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  private static String collapse(String v) {
    return v.strip().replaceAll(" {2,}", " ");
  }

  private static byte[] decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0 && Character.digit(in[i + 2], 16) >= 0) {
        out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
        i += 2;
      } else {
        out.write(in[i]);
      }
    }
    return out.toByteArray();
  }

  private static StringBuilder encode(StringBuilder out, byte[] bytes) {
    for (byte x : bytes) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(UPPER[c >> 4]).append(UPPER[c & 15]);
      }
    }
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
