package portcullis.server.digest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-side Digest answerer written apart from the gateway's code (checked against the RFC 7616
 * examples in DigestAnswersTest), so that tests can send exactly the answer they want: any
 * algorithm label, any hash, replayed counts, wrong uris.
 */
public final class DigestAnswers {
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
  private static final Pattern OPAQUE = Pattern.compile("opaque=\"([^\"]+)\"");

  private DigestAnswers() {}

  /** The nonce and opaque of the first Digest challenge of a 401. */
  public record Challenge(String nonce, String opaque) {
    public static Challenge of(HttpResponse<?> r) {
      List<String> all = r.headers().allValues("WWW-Authenticate").stream().filter(v -> v.startsWith("Digest ")).toList();
      if (all.isEmpty()) {
        throw new AssertionError("no Digest challenge in " + r.headers().map());
      }
      Matcher n = NONCE.matcher(all.get(0));
      Matcher o = OPAQUE.matcher(all.get(0));
      n.find();
      o.find();
      return new Challenge(n.group(1), o.group(1));
    }
  }

  /**
   * @param label the algorithm name sent
   * @param jca the hash actually used ("MD5", "SHA-256", "SHA-512/256", or "SHA-512-truncated")
   */
  public static String header(String label, String jca, boolean sess, String user, boolean userhash, String password, String realm,
      Challenge c, String nc, String cnonce, String method, String uri) {
    String ha1 = h(jca, user + ":" + realm + ":" + password);
    if (sess) {
      ha1 = h(jca, ha1 + ":" + c.nonce() + ":" + cnonce);
    }
    String ha2 = h(jca, method + ":" + uri);
    String response = h(jca, ha1 + ":" + c.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    String name = userhash ? h(jca, user + ":" + realm) : user;
    return "Digest username=\"" + name + "\"" + (userhash ? ", userhash=true" : "") + ", realm=\"" + realm + "\", nonce=\""
        + c.nonce() + "\", uri=\"" + uri + "\", algorithm=" + label + ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce
        + "\", response=\"" + response + "\", opaque=\"" + c.opaque() + "\"";
  }

  static String h(String jca, String text) {
    try {
      byte[] in = text.getBytes(StandardCharsets.UTF_8);
      byte[] d = jca.equals("SHA-512-truncated")
          ? java.util.Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(in), 32)
          : MessageDigest.getInstance(jca).digest(in);
      return HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
