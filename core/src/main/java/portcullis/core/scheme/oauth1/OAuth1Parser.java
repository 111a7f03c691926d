package portcullis.core.scheme.oauth1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import portcullis.core.RequestView;
import portcullis.core.Result;
import portcullis.core.text.Form;
import portcullis.core.text.AuthParams;
import portcullis.core.text.AuthScheme;

/**
 * Collects an OAuth 1.0a request's parameters (RFC 5849 §3.4.1.3.1, §3.5) from the {@code
 * Authorization: OAuth ...} header, an {@code application/x-www-form-urlencoded} body and the query.
 * Never throws: anything malformed is a rejected {@link Result} with the problem and advice.
 */
final class OAuth1Parser {
  static final Set<String> PROTOCOL = Set.of("oauth_consumer_key", "oauth_token", "oauth_signature_method",
      "oauth_signature", "oauth_timestamp", "oauth_nonce", "oauth_version", "oauth_callback", "oauth_verifier");
  static final int MAX_PARAMS = 256;
  static final int MAX_HEADER = 16 * 1024;
  private static final String WORD = "OAuth";

  private OAuth1Parser() {}

  /** The {@code parameter_rejected} answer naming {@code realm}, {@code advice} telling the caller what to fix. */
  private static Result<OAuth1Request> rejected(String realm, String advice) {
    return Result.reject(OAuth1Failures.of(Problem.PARAMETER_REJECTED, advice, realm, advice));
  }

  static boolean isOAuthHeader(String authorization) {
    return AuthScheme.is(authorization, WORD);
  }

  static boolean isForm(String contentType) {
    return Form.isFormType(contentType);
  }

  /** The request's OAuth 1.0a parameters, or the 400 {@code parameter_rejected} naming {@code realm}. */
  static Result<OAuth1Request> parse(RequestView request, String realm) {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    List<Map.Entry<String, String>> header = new ArrayList<>();
    String auth = request.header("Authorization");
    if (isOAuthHeader(auth)) {
      String error = parseHeader(auth, header);
      if (error != null) {
        return rejected(realm, error);
      }
    }
    int headerOAuth = 0;
    for (Map.Entry<String, String> e : header) {
      if (e.getKey().startsWith("oauth_")) {
        headerOAuth++;
      }
      if (!e.getKey().equals("realm")) {
        all.add(e);
      }
    }
    int bodyStart = all.size();
    if (isForm(request.header("Content-Type")) && request.body().length > 0) {
      addForm(new String(request.body(), StandardCharsets.UTF_8), all);
    }
    int queryStart = all.size();
    addForm(request.rawQuery(), all);
    if (all.size() > MAX_PARAMS) {
      return rejected(realm, "The request has more than " + MAX_PARAMS + " parameters.");
    }
    Map<String, String> protocol = new HashMap<>();
    Map<String, Integer> place = new HashMap<>();
    List<Map.Entry<String, String>> signed = new ArrayList<>(all.size());
    String transport = headerOAuth > 0 ? "header" : null;
    String signature = null;
    for (int i = 0; i < all.size(); i++) {
      Map.Entry<String, String> e = all.get(i);
      String name = e.getKey();
      if (PROTOCOL.contains(name)) {
        int here = i >= queryStart ? 2 : i >= bodyStart ? 1 : 0;
        String first = protocol.putIfAbsent(name, e.getValue());
        if (first != null) {
          // The same value again in another place (header, body, query) is one parameter, signed once:
          // npm oauth-1.0a sends oauth_callback/oauth_verifier in the header and in the body so.
          if (first.equals(e.getValue()) && place.get(name) != here) {
            continue;
          }
          return rejected(realm, first.equals(e.getValue())
              ? "The parameter " + name + " appears more than once; send each OAuth parameter once, in one place."
              : "The parameter " + name + " appears more than once with different values; send each OAuth parameter once,"
                  + " in one place.");
        }
        place.put(name, here);
        if (transport == null && name.equals("oauth_consumer_key")) {
          transport = i >= queryStart ? "query" : i >= bodyStart ? "body" : "header";
        }
      }
      if (name.equals("oauth_signature")) {
        signature = e.getValue();
      } else {
        signed.add(e);
      }
    }
    return Result.ok(new OAuth1Request(signed, protocol, signature, transport == null ? "query" : transport));
  }

  private static void addForm(String s, List<Map.Entry<String, String>> out) {
    for (Map.Entry<String, List<String>> e : Form.parse(s).entrySet()) {
      for (String v : e.getValue()) {
        out.add(Map.entry(e.getKey(), v));
      }
    }
  }

  /**
   * RFC 5849 §3.5.1 as clients send it: names keep their case, an unquoted value is anything up to
   * a separator, commas may be left out, repeats are kept (the caller refuses repeated protocol
   * parameters wherever they come from).
   */
  private static final AuthParams.Syntax SYNTAX = AuthParams.Syntax.STRICT.withCaseSensitiveNames().withLenientValues()
      .withControlsAllowed().withCommaOptional().withRepeatsAllowed().withMaxParams(MAX_PARAMS);

  /** Parses {@code OAuth realm="x", name="value", ...} into decoded pairs; returns an error text or null. */
  static String parseHeader(String auth, List<Map.Entry<String, String>> out) {
    if (auth.length() > MAX_HEADER) {
      return "The Authorization header is too long.";
    }
    AuthParams.ParamList list = AuthParams.parse(auth, WORD.length(), SYNTAX);
    AuthParams.Malformed m = list.malformed();
    if (m != null) {
      return switch (m.problem()) {
        case NO_VALUE -> "The OAuth parameter " + clip(m.name()) + " has no value; send name=\"value\" pairs.";
        case UNTERMINATED_QUOTE -> "The value of the OAuth parameter " + clip(m.name()) + " has no closing quote.";
        case TOO_MANY -> "The OAuth Authorization header has too many parameters.";
        case UNEXPECTED_CHARACTER, CONTROL_CHARACTER, INVALID_VALUE, REPEATED, MISSING_COMMA ->
            "The OAuth Authorization header has an unexpected character at position " + m.position() + ".";
      };
    }
    // §3.5.1: names and values are percent-encoded; realm (any case) is not an OAuth parameter
    for (AuthParams.Param p : list.params()) {
      String key = Percent.decode(p.name());
      out.add(Map.entry(key.toLowerCase(Locale.ROOT).equals("realm") ? "realm" : key, Percent.decode(p.value())));
    }
    return null;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
