package portcullis.server.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import portcullis.server.module.Modules;

/**
 * Headers never forwarded in either direction: hop-by-hop (RFC 9110 §7.6.1), the ones a message's own
 * {@code Connection} header names, and credentials. An instance knows the credentials of one
 * gateway's schemes (the headers and parameters their {@link portcullis.core.SchemeDescription}s
 * declare); it is built once, when the server starts, and is immutable.
 */
final class Hop {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
      "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "host");
  /**
   * {@code Expect} concerns the gateway only: it has read the whole body before forwarding. Method
   * overrides would let a client run another method than the one the route allowed.
   */
  private static final Set<String> REQUEST_ONLY = Set.of("expect", "x-http-method-override", "x-method-override", "x-http-method");
  /**
   * What a proxy says about the original request and client; believed (forwarded as sent, appended
   * to) only from {@code limits.trustedProxies}, dropped from anyone else. The gateway sets its own
   * {@code X-Forwarded-For/-Proto/-Host}.
   */
  private static final Set<String> PROXY_ONLY = Set.of("forwarded", "x-real-ip", "x-forwarded-for", "x-forwarded-proto",
      "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-uri", "x-forwarded-method",
      "x-original-uri", "x-original-method", "x-original-url", "x-rewrite-url", "x-client-ip", "true-client-ip");
  /** The method-override parameter of Rails, Laravel, Symfony and others; stripped like a credential. */
  static final String METHOD_PARAM = "_method";

  /** Hop-by-hop, credential and request-only header names, lower case: what {@link #isStrippedRequestHeader} loops over. */
  private final String[] stripped;
  /** Query and form parameters that carry credentials (exact names); stripped before forwarding. */
  private final Set<String> credentialParams;
  /** Prefixes of such parameters ({@code oauth_}). */
  private final String[] credentialParamPrefixes;

  /**
   * @param credentialHeaders request headers that carry credentials (any case)
   * @param credentialParams query and form parameters that carry credentials (exact names)
   * @param credentialParamPrefixes prefixes of such parameters
   */
  Hop(List<String> credentialHeaders, List<String> credentialParams, List<String> credentialParamPrefixes) {
    this.stripped = Stream.of(HOP_BY_HOP.stream(), credentialHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)), REQUEST_ONLY.stream())
        .flatMap(x -> x).distinct().toArray(String[]::new);
    this.credentialParams = Set.copyOf(credentialParams);
    this.credentialParamPrefixes = credentialParamPrefixes.toArray(String[]::new);
  }

  /** What strips the credentials of these modules' schemes. */
  static Hop of(Modules modules) {
    return new Hop(modules.credentialHeaders(), modules.credentialParams(), modules.credentialParamPrefixes());
  }

  static boolean isHopByHop(String name) {
    return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The lower-case header names that the {@code Connection} header values nominate as hop-by-hop
   * (RFC 9110 §7.6.1: {@code Connection: keep-alive, X-Foo} makes {@code X-Foo} one); empty when none.
   */
  static Set<String> nominated(List<String> connection) {
    Set<String> names = null; // the usual "keep-alive" / "close" allocate nothing
    for (String value : connection) {
      int start = 0;
      while (start <= value.length()) {
        int comma = value.indexOf(',', start);
        int end = comma < 0 ? value.length() : comma;
        String name = value.substring(start, end).trim();
        if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !isHopByHop(name)) {
          if (names == null) {
            names = new HashSet<>();
          }
          names.add(name.toLowerCase(Locale.ROOT));
        }
        start = end + 1;
      }
    }
    return names == null ? Set.of() : names;
  }

  /** Whether {@code name} is among the {@link #nominated} ones (which are lower case). */
  static boolean isNominated(Set<String> nominated, String name) {
    if (nominated.isEmpty()) {
      return false;
    }
    for (String n : nominated) {
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Hop-by-hop, credential and {@code X-Portcullis-*} headers; case-insensitive, allocation-free, and
   * {@code _} counts as {@code -}: CGI, PHP, WSGI and Rack give {@code X_Portcullis_Account} and
   * {@code X-Portcullis-Account} the same variable, so a client's underscore spelling must not pass.
   */
  boolean isStrippedRequestHeader(String name) {
    if (sameName(name, "x-portcullis-", true)) {
      return true;
    }
    for (String s : stripped) {
      if (sameName(name, s, false)) {
        return true;
      }
    }
    return false;
  }

  /** Headers only a trusted proxy may send ({@code Forwarded}, {@code X-Real-IP}, {@code X-Forwarded-*}, ...). */
  static boolean isProxyHeader(String name) {
    char c = name.isEmpty() ? ' ' : name.charAt(0);
    if (c != 'x' && c != 'X' && c != 'f' && c != 'F' && c != 't' && c != 'T') {
      return false;
    }
    for (String s : PROXY_ONLY) {
      if (sameName(name, s, false)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An {@code application/x-www-form-urlencoded} body without credential parameters (OAuth 1.0a's
   * {@code oauth_*}, which with PLAINTEXT carry the secrets, {@code access_token}, client keys) and
   * {@code _method}; the same array when there is nothing to strip.
   */
  byte[] stripForm(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1); // byte for byte: escapes are ASCII
    String kept = stripQuery(text);
    if (kept.length() == text.length()) {
      return body;
    }
    return kept.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** {@code name} equals (or, with {@code prefix}, starts with) the lower-case {@code target}; {@code _} = {@code -}. */
  private static boolean sameName(String name, String target, boolean prefix) {
    int n = target.length();
    if (prefix ? name.length() < n : name.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      c = c == '_' ? '-' : (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      if (c != target.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A Cookie header without Portcullis's own page cookies ({@code portcullis_*}); "" when none is left. */
  static String stripOwnCookies(String cookie) {
    if (!cookie.contains("portcullis_")) {
      return cookie;
    }
    StringBuilder out = new StringBuilder(cookie.length());
    for (String part : cookie.split(";")) {
      String p = part.trim();
      if (p.isEmpty() || p.startsWith("portcullis_")) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append("; ");
      }
      out.append(p);
    }
    return out.toString();
  }

  /** A parameter name as the schemes read it (percent-decoded), so {@code client%5Fkey} is stripped too. */
  private static String decodedName(String raw) {
    return portcullis.core.text.Form.decode(raw, true);
  }

  /** The raw query without credential parameters and {@code _method} ("" when nothing is left). */
  String stripQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decodedName(eq < 0 ? pair : pair.substring(0, eq));
      if (isCredentialParam(name) || name.equals(METHOD_PARAM)) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(pair);
    }
    return out.toString();
  }

  /** Whether a (decoded) parameter name carries credentials of one of the schemes. */
  boolean isCredentialParam(String name) {
    if (credentialParams.contains(name)) {
      return true;
    }
    for (String prefix : credentialParamPrefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
