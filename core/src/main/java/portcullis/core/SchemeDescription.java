package portcullis.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a scheme declares about itself, known before anything is installed: the gateway derives from
 * the registered schemes' descriptions the configuration it accepts (scheme ids, dialects, route
 * options), the credentials it strips before forwarding a request upstream, and the {@code
 * Authorization} words that belong to other schemes.
 *
 * @param id stable id used in configuration ({@code schemes:}, {@code routes[].schemes}), logs,
 *     metrics and {@code X-Portcullis-Scheme}: lower case letters, digits and {@code -}
 * @param dialect answers the requests of routes whose first scheme this is and that carry no
 *     credentials (unless the route names another dialect)
 * @param authorizationWord the auth-scheme word that starts this scheme's {@code Authorization}
 *     value ({@code "Basic"}), matched case-insensitively; empty when it has none (key-tokens send
 *     the bare key)
 * @param routeOptions the {@code routes[].options} this scheme reads, each named {@code <id>.<name>}
 * @param credentialHeaders request headers that carry its credentials (any case); never forwarded
 * @param credentialParams query and form parameters that carry its credentials (exact names);
 *     never forwarded
 * @param credentialParamPrefixes prefixes of such parameters ({@code oauth_}); never forwarded
 */
public record SchemeDescription(
    String id,
    Dialect dialect,
    String authorizationWord,
    List<RouteOption> routeOptions,
    List<String> credentialHeaders,
    List<String> credentialParams,
    List<String> credentialParamPrefixes) {

  public SchemeDescription {
    Objects.requireNonNull(id, "id == null");
    if (!id.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("scheme id must be 1-32 of a-z 0-9 - starting with a letter, was " + id);
    }
    Objects.requireNonNull(dialect, "dialect == null");
    Objects.requireNonNull(authorizationWord, "authorizationWord == null (empty when the scheme has none)");
    if (!authorizationWord.isEmpty() && !isToken(authorizationWord)) {
      throw new IllegalArgumentException(id + ": the Authorization word must be an HTTP token, was " + authorizationWord);
    }
    routeOptions = List.copyOf(routeOptions);
    Set<String> names = new HashSet<>();
    for (RouteOption o : routeOptions) {
      if (!o.name().startsWith(id + ".") || !names.add(o.name())) {
        throw new IllegalArgumentException(id + ": route options are named " + id + ".<name>, once each; was " + o.name());
      }
    }
    credentialHeaders = List.copyOf(credentialHeaders);
    for (String h : credentialHeaders) {
      if (!isToken(h)) {
        throw new IllegalArgumentException(id + ": not a header name: " + h);
      }
    }
    credentialParams = nonEmpty(id, credentialParams);
    credentialParamPrefixes = nonEmpty(id, credentialParamPrefixes);
  }

  /** A description with only an id and a dialect; add the rest with the {@code with...} methods. */
  public static SchemeDescription of(String id, Dialect dialect) {
    return new SchemeDescription(id, dialect, "", List.of(), List.of(), List.of(), List.of());
  }

  /**
   * This description with its {@code Authorization} word; {@code Authorization} becomes one of its
   * credential headers (a scheme without a word that reads that header lists it itself).
   */
  public SchemeDescription withAuthorization(String word) {
    List<String> headers = credentialHeaders.stream().anyMatch("Authorization"::equalsIgnoreCase) ? credentialHeaders
        : concat(List.of("Authorization"), credentialHeaders);
    return new SchemeDescription(id, dialect, word, routeOptions, headers, credentialParams, credentialParamPrefixes);
  }

  public SchemeDescription withRouteOptions(RouteOption... options) {
    return new SchemeDescription(id, dialect, authorizationWord, concat(routeOptions, List.of(options)), credentialHeaders,
        credentialParams, credentialParamPrefixes);
  }

  public SchemeDescription withCredentialHeaders(List<String> headers) {
    return new SchemeDescription(id, dialect, authorizationWord, routeOptions, concat(credentialHeaders, headers),
        credentialParams, credentialParamPrefixes);
  }

  public SchemeDescription withCredentialParams(List<String> params) {
    return new SchemeDescription(id, dialect, authorizationWord, routeOptions, credentialHeaders,
        concat(credentialParams, params), credentialParamPrefixes);
  }

  public SchemeDescription withCredentialParamPrefix(String prefix) {
    return new SchemeDescription(id, dialect, authorizationWord, routeOptions, credentialHeaders, credentialParams,
        concat(credentialParamPrefixes, List.of(prefix)));
  }

  /** Whether the scheme has an {@code Authorization} word. */
  public boolean hasAuthorizationWord() {
    return !authorizationWord.isEmpty();
  }

  /** The credential header names in lower case. */
  public List<String> credentialHeadersLowerCase() {
    return credentialHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<String> nonEmpty(String id, List<String> values) {
    for (String v : values) {
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException(id + ": empty credential parameter name");
      }
    }
    return List.copyOf(values);
  }

  private static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
