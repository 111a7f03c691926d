package portcullis.core.scheme.oauth1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import portcullis.core.RequestView;
import portcullis.core.internal.Form;

/**
 * Collects an OAuth 1.0a request's parameters (RFC 5849 §3.4.1.3.1, §3.5) from the {@code
 * Authorization: OAuth ...} header, an {@code application/x-www-form-urlencoded} body and the query.
 * Never throws: anything malformed is a {@link Parsed} with a problem and advice.
 */
final class OAuth1Parser {
  static final Set<String> PROTOCOL = Set.of("oauth_consumer_key", "oauth_token", "oauth_signature_method",
      "oauth_signature", "oauth_timestamp", "oauth_nonce", "oauth_version", "oauth_callback", "oauth_verifier");
  static final int MAX_PARAMS = 256;
  static final int MAX_HEADER = 16 * 1024;

  private OAuth1Parser() {}

  /** A request, or a problem with advice for the caller. */
  record Parsed(OAuth1Request request, Problem problem, String advice) {
    static Parsed bad(Problem p, String advice) {
      return new Parsed(null, p, advice);
    }
  }

  static boolean isOAuthHeader(String authorization) {
    return authorization != null && authorization.length() >= 5
        && authorization.regionMatches(true, 0, "OAuth", 0, 5)
        && (authorization.length() == 5 || authorization.charAt(5) == ' ' || authorization.charAt(5) == '\t');
  }

  static boolean isForm(String contentType) {
    return Form.isFormType(contentType);
  }

  static Parsed parse(RequestView request) {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    List<Map.Entry<String, String>> header = new ArrayList<>();
    String auth = request.header("Authorization");
    if (isOAuthHeader(auth)) {
      String error = parseHeader(auth, header);
      if (error != null) {
        return Parsed.bad(Problem.PARAMETER_REJECTED, error);
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
      return Parsed.bad(Problem.PARAMETER_REJECTED, "The request has more than " + MAX_PARAMS + " parameters.");
    }
    Map<String, String> protocol = new HashMap<>();
    List<Map.Entry<String, String>> signed = new ArrayList<>(all.size());
    String transport = headerOAuth > 0 ? "header" : null;
    String signature = null;
    for (int i = 0; i < all.size(); i++) {
      Map.Entry<String, String> e = all.get(i);
      String name = e.getKey();
      if (PROTOCOL.contains(name)) {
        if (protocol.putIfAbsent(name, e.getValue()) != null) {
          return Parsed.bad(Problem.PARAMETER_REJECTED,
              "The parameter " + name + " appears more than once; send each OAuth parameter once, in one place.");
        }
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
    return new Parsed(new OAuth1Request(signed, protocol, signature, transport == null ? "query" : transport), null, null);
  }

  private static void addForm(String s, List<Map.Entry<String, String>> out) {
    for (Map.Entry<String, List<String>> e : Form.parse(s).entrySet()) {
      for (String v : e.getValue()) {
        out.add(Map.entry(e.getKey(), v));
      }
    }
  }

  /** Parses {@code OAuth realm="x", name="value", ...} into decoded pairs; returns an error text or null. */
  static String parseHeader(String auth, List<Map.Entry<String, String>> out) {
    if (auth.length() > MAX_HEADER) {
      return "The Authorization header is too long.";
    }
    int i = 5;
    int n = auth.length();
    while (i < n) {
      char c = auth.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isTokenChar(auth.charAt(i))) {
        i++;
      }
      if (i == start) {
        return "The OAuth Authorization header has an unexpected character at position " + i + ".";
      }
      String name = auth.substring(start, i);
      while (i < n && (auth.charAt(i) == ' ' || auth.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n || auth.charAt(i) != '=') {
        return "The OAuth parameter " + clip(name) + " has no value; send name=\"value\" pairs.";
      }
      i++;
      while (i < n && (auth.charAt(i) == ' ' || auth.charAt(i) == '\t')) {
        i++;
      }
      String value;
      if (i < n && auth.charAt(i) == '"') {
        StringBuilder v = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char d = auth.charAt(i++);
          if (d == '\\' && i < n) {
            v.append(auth.charAt(i++));
          } else if (d == '"') {
            closed = true;
            break;
          } else {
            v.append(d);
          }
        }
        if (!closed) {
          return "The value of the OAuth parameter " + clip(name) + " has no closing quote.";
        }
        value = v.toString();
      } else {
        int vs = i;
        while (i < n && auth.charAt(i) != ',' && auth.charAt(i) != ' ' && auth.charAt(i) != '\t') {
          i++;
        }
        value = auth.substring(vs, i);
      }
      String key = Percent.decode(name);
      out.add(Map.entry(key.toLowerCase(Locale.ROOT).equals("realm") ? "realm" : key, Percent.decode(value)));
      if (out.size() > MAX_PARAMS) {
        return "The OAuth Authorization header has too many parameters.";
      }
    }
    return null;
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
