package portcullis.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate: Digest} challenge (RFC 7616 section 3.3). Parsing never throws:
 * values that are not challenges are skipped.
 */
record DigestChallenge(String realm, String nonce, String opaque, String algorithm, List<String> qops, boolean userhash, boolean stale) {

  /** Every Digest challenge in the given header values, in order. */
  static List<DigestChallenge> parseAll(List<String> headerValues) {
    List<DigestChallenge> out = new ArrayList<>();
    for (String h : headerValues) {
      String scheme = null;
      Map<String, String> params = new HashMap<>();
      int i = 0;
      int n = h.length();
      while (i < n) {
        while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == ',' || h.charAt(i) == '\t')) {
          i++;
        }
        int s = i;
        while (i < n && " \t,=\"".indexOf(h.charAt(i)) < 0) {
          i++;
        }
        if (i == s) {
          i++;
          continue;
        }
        String token = h.substring(s, i);
        int j = i;
        while (j < n && (h.charAt(j) == ' ' || h.charAt(j) == '\t')) {
          j++;
        }
        if (j < n && h.charAt(j) == '=') {
          j++;
          while (j < n && (h.charAt(j) == ' ' || h.charAt(j) == '\t')) {
            j++;
          }
          StringBuilder v = new StringBuilder();
          if (j < n && h.charAt(j) == '"') {
            j++;
            while (j < n && h.charAt(j) != '"') {
              if (h.charAt(j) == '\\' && j + 1 < n) {
                j++;
              }
              v.append(h.charAt(j++));
            }
            j++;
          } else {
            while (j < n && h.charAt(j) != ',' && h.charAt(j) != ' ') {
              v.append(h.charAt(j++));
            }
          }
          params.put(token.toLowerCase(Locale.ROOT), v.toString());
          i = j;
        } else {
          add(out, scheme, params);
          scheme = token;
          params = new HashMap<>();
          i = j;
        }
      }
      add(out, scheme, params);
    }
    return out;
  }

  private static void add(List<DigestChallenge> out, String scheme, Map<String, String> p) {
    if (scheme == null || !scheme.equalsIgnoreCase("Digest") || p.get("nonce") == null || p.get("realm") == null) {
      return;
    }
    List<String> qops = new ArrayList<>();
    for (String q : p.getOrDefault("qop", "").split(",")) {
      if (!q.isBlank()) {
        qops.add(q.trim().toLowerCase(Locale.ROOT));
      }
    }
    out.add(new DigestChallenge(p.get("realm"), p.get("nonce"), p.get("opaque"), p.getOrDefault("algorithm", "MD5"), qops,
        "true".equalsIgnoreCase(p.get("userhash")), "true".equalsIgnoreCase(p.get("stale"))));
  }
}
