package portcullis.core.scheme.ksig1;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import portcullis.core.RequestView;
import portcullis.core.Result;
import portcullis.core.dialect.Ksig1Dialect;

/**
 * Reads and format-checks the KSig1 headers, in the documented order: Authorization format, then
 * the required headers (each named when missing) and their formats. Never throws.
 */
final class Ksig1Parser {
  static final String PREFIX = Ksig1Canonical.ALGORITHM;
  static final int MAX_SIGNED_ELEMENTS = 32;
  private static final Ksig1Dialect D = Ksig1Dialect.INSTANCE;

  private Ksig1Parser() {}

  static boolean isKsig1(RequestView request) {
    String auth = request.header("Authorization");
    return request.header("X-API-Key") != null
        || (auth != null && auth.stripLeading().regionMatches(true, 0, PREFIX, 0, PREFIX.length()));
  }

  /** The credentials, or the failure to answer. */
  static Result<Ksig1Credentials> parse(RequestView request, boolean tokenRequired) {
    String auth = request.header("Authorization");
    if (auth == null) {
      return Result.reject(D.missingHeader("Authorization"));
    }
    String a = auth.strip();
    if (!a.startsWith(PREFIX)) {
      return Result.reject(D.fail(Ksig1Dialect.INVALID_HEADER, Ksig1Dialect.BAD_AUTHORIZATION, "ksig1: Authorization prefix"));
    }
    String rest = a.substring(PREFIX.length());
    String signature = rest.isEmpty() || rest.charAt(0) != ' ' ? null : rest.strip();
    if (signature == null || !signature.startsWith("Signature=") || !isLowerHex(signature.substring(10), 64)) {
      return Result.reject(D.invalidHeader("Authorization", "It must be 'KSig1-HMAC-SHA256 Signature=<64 lowercase hex digits>'."));
    }
    signature = signature.substring(10);
    String key = single(request, "X-API-Key");
    String ts = single(request, "X-API-Timestamp");
    String nonce = single(request, "X-API-Nonce");
    for (String[] h : new String[][] {{"X-API-Key", key}, {"X-API-Timestamp", ts}, {"X-API-Nonce", nonce}}) {
      if (h[1] == null) {
        return Result.reject(D.missingHeader(h[0]));
      }
      if (h[1].equals(MULTIPLE)) {
        return Result.reject(D.invalidHeader(h[0], "It must be sent once."));
      }
    }
    String token = single(request, "X-API-Auth-Token");
    if (token == null && tokenRequired) {
      return Result.reject(D.missingHeader("X-API-Auth-Token"));
    }
    if (request.header("Host") == null) {
      return Result.reject(D.missingHeader("Host"));
    }
    if (key.isEmpty() || key.length() > 256 || !printable(key)) {
      return Result.reject(D.invalidHeader("X-API-Key", "It must be the client key of your app."));
    }
    if (ts.isEmpty() || ts.length() > 12 || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Result.reject(D.invalidHeader("X-API-Timestamp", "It must be the Unix time in seconds, such as 1795340000."));
    }
    if (!validNonce(nonce)) {
      return Result.reject(D.invalidHeader("X-API-Nonce",
          "It must be 8 to 64 characters of A-Z, a-z, 0-9, '_' and '-', new for every request."));
    }
    if (token != null && (token.equals(MULTIPLE) || token.isEmpty() || token.length() > 1024 || !printable(token))) {
      return Result.reject(D.invalidHeader("X-API-Auth-Token", "It must be a bearer token or key-token issued to your app, sent once."));
    }
    TreeSet<String> names = new TreeSet<>(List.of("host", "x-api-key", "x-api-timestamp", "x-api-nonce"));
    if (token != null) {
      names.add("x-api-auth-token");
    }
    List<String> elements = request.headers("X-API-Signed-Elements");
    if (!elements.isEmpty()) {
      if (elements.size() > 1) {
        return Result.reject(D.invalidHeader("X-API-Signed-Elements", "It must be sent once."));
      }
      String[] listed = elements.get(0).strip().split(";", -1);
      if (listed.length > MAX_SIGNED_ELEMENTS) {
        return Result.reject(D.invalidHeader("X-API-Signed-Elements", "It may list at most " + MAX_SIGNED_ELEMENTS + " header names."));
      }
      for (String n : listed) {
        if (!isLowerToken(n)) {
          return Result.reject(D.invalidHeader("X-API-Signed-Elements", "It must be a ';'-separated list of lowercase header names, such as 'content-type;x-request-id'."));
        }
      }
      names.add("x-api-signed-elements");
      for (String n : listed) {
        if (request.headers(n).isEmpty()) {
          return Result.reject(D.missingHeader(n));
        }
        names.add(n);
      }
    }
    List<String> values = new ArrayList<>(names.size());
    for (String n : names) {
      values.add(Ksig1Canonical.headerValue(request.headers(n)));
    }
    return Result.ok(new Ksig1Credentials(signature, key, ts, nonce, token, List.copyOf(names), values));
  }

  private static final String MULTIPLE = new String("\0multiple");

  /** The header's only value; null when absent; {@link #MULTIPLE} (by identity) when sent more than once. */
  private static String single(RequestView request, String name) {
    List<String> all = request.headers(name);
    if (all.isEmpty()) {
      return null;
    }
    return all.size() > 1 ? MULTIPLE : all.get(0).strip();
  }

  static boolean validNonce(String n) {
    if (n.length() < 8 || n.length() > 64) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** An RFC 9110 token in lowercase: a header name as X-API-Signed-Elements must list it. */
  static boolean isLowerToken(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
