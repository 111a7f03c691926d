package portcullis.server.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import portcullis.client.Ksig1Signer;

/** {@code portcullis sign ksig1 ...}: prints a ready-to-run curl command carrying a KSig1-signed request. */
@Command(name = "ksig1", mixinStandardHelpOptions = true,
    description = "KSig1-HMAC-SHA256 (seed 004): signs with a new nonce and the current time; run the printed curl within the time window.")
final class SignKsig1Command implements Callable<Integer> {
  @Option(names = "--key", required = true, description = "The client key (X-API-Key).")
  String key;

  @Option(names = "--secret", required = true, description = "The client secret.")
  String secret;

  @Option(names = "--token", description = "A bearer token or key-token for X-API-Auth-Token.")
  String token;

  @Option(names = {"-X", "--request"}, defaultValue = "GET", description = "HTTP method (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = {"-H", "--header"}, description = "An extra header 'Name: value', sent and signed (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-d", "--data"}, description = "The request body, sent byte for byte (curl --data-binary).")
  String data;

  @Parameters(index = "0", description = "The URL, e.g. http://127.0.0.1:8080/api/signed/whoami")
  String url;

  @Override
  public Integer call() {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      System.err.println("portcullis sign: not a valid URL: " + url + " (percent-encode spaces and non-ASCII)");
      return 2;
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      System.err.println("portcullis sign: the URL must be absolute, such as http://127.0.0.1:8080/api/signed/whoami");
      return 2;
    }
    Map<String, String> extra = new LinkedHashMap<>();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        System.err.println("portcullis sign: header must be 'Name: value', was " + h);
        return 2;
      }
      extra.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    String m = method.toUpperCase(java.util.Locale.ROOT);
    byte[] body = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
    var signed = new Ksig1Signer(key, secret, Clock.systemUTC(), token).sign(m, uri, extra, body);
    StringBuilder b = new StringBuilder("curl");
    if (!m.equals("GET") || data != null) {
      b.append(" -X ").append(shellQuote(m));
    }
    extra.forEach((k, v) -> b.append(" -H ").append(shellQuote(k + ": " + v)));
    signed.headers().forEach((k, v) -> b.append(" -H ").append(shellQuote(k + ": " + v)));
    if (data != null) {
      b.append(" --data-binary ").append(shellQuote(data));
    }
    b.append(' ').append(shellQuote(url));
    System.out.println(b);
    return 0;
  }

  /** Single-quotes a word for a POSIX shell. */
  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
