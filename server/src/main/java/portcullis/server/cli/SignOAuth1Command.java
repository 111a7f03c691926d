package portcullis.server.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import portcullis.client.OAuth1Signer;

/** {@code portcullis sign oauth1 ...}: signs one request with OAuth 1.0a and prints it as a curl command. */
@Command(name = "oauth1", mixinStandardHelpOptions = true,
    description = "Sign a request with OAuth 1.0a (RFC 5849) and print the curl command.")
final class SignOAuth1Command implements Callable<Integer> {
  @Option(names = "--consumer-key", required = true, description = "The client key (oauth_consumer_key).")
  String consumerKey;

  @Option(names = "--consumer-secret", defaultValue = "${env:PORTCULLIS_CONSUMER_SECRET}",
      description = "The client secret (default: env PORTCULLIS_CONSUMER_SECRET). Not needed with --rsa-key.")
  String consumerSecret;

  @Option(names = "--token", description = "The access (or request) token.")
  String token;

  @Option(names = "--token-secret", defaultValue = "${env:PORTCULLIS_TOKEN_SECRET}",
      description = "The token secret (default: env PORTCULLIS_TOKEN_SECRET).")
  String tokenSecret;

  @Option(names = "--method", defaultValue = "HMAC-SHA1",
      description = "HMAC-SHA1 (default), HMAC-SHA256, PLAINTEXT or RSA-SHA1.")
  String method;

  @Option(names = "--rsa-key", description = "PKCS#8 PEM private key file for RSA-SHA1.")
  Path rsaKey;

  @Option(names = {"-X", "--request"}, defaultValue = "GET", description = "HTTP method (default GET).")
  String httpMethod;

  @Option(names = {"-d", "--data"}, description = "Form body parameter name=value (repeatable; sent form-encoded and signed).")
  List<String> data = new ArrayList<>();

  @Option(names = "--oauth", description = "Extra protocol parameter, e.g. oauth_callback=oob or oauth_verifier=V (repeatable).")
  List<String> extra = new ArrayList<>();

  @Option(names = "--transport", defaultValue = "header", description = "Where the OAuth parameters go: header (default), query or body.")
  String transport;

  @Parameters(index = "0", description = "The full URL, e.g. http://127.0.0.1:8080/v2/whoami")
  String url;

  @Override
  public Integer call() throws Exception {
    OAuth1Signer.Method m;
    try {
      m = OAuth1Signer.Method.valueOf(method.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      System.err.println("portcullis sign oauth1: --method must be HMAC-SHA1, HMAC-SHA256, PLAINTEXT or RSA-SHA1, was " + method);
      return 2;
    }
    if (!List.of("header", "query", "body").contains(transport)) {
      System.err.println("portcullis sign oauth1: --transport must be header, query or body, was " + transport);
      return 2;
    }
    if (m != OAuth1Signer.Method.RSA_SHA1 && (consumerSecret == null || consumerSecret.isEmpty())) {
      System.err.println("portcullis sign oauth1: give --consumer-secret (or set PORTCULLIS_CONSUMER_SECRET)");
      return 2;
    }
    URI uri;
    try {
      uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("not absolute");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("portcullis sign oauth1: the URL must be absolute, like http://127.0.0.1:8080/v2/whoami; was " + url);
      return 2;
    }
    OAuth1Signer.Builder b = OAuth1Signer.builder(consumerKey, consumerSecret).method(m).token(token, tokenSecret);
    if (m == OAuth1Signer.Method.RSA_SHA1) {
      if (rsaKey == null) {
        System.err.println("portcullis sign oauth1: RSA-SHA1 needs --rsa-key FILE (PKCS#8 PEM)");
        return 2;
      }
      String pem = Files.readString(rsaKey).replaceAll("-----[A-Z ]+-----", "");
      b.rsaKey(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem))));
    }
    List<Map.Entry<String, String>> form = pairs(data);
    Map<String, String> oauth = new java.util.LinkedHashMap<>();
    pairs(extra).forEach(e -> oauth.put(e.getKey(), e.getValue()));
    boolean hasBody = !form.isEmpty() || transport.equals("body");
    OAuth1Signer.Signed signed = b.build().sign(httpMethod, uri, form, oauth);
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS"));
    if (!httpMethod.equalsIgnoreCase(hasBody ? "POST" : "GET")) {
      cmd.addAll(List.of("-X", httpMethod.toUpperCase(java.util.Locale.ROOT)));
    }
    String target = url;
    if (transport.equals("header")) {
      cmd.addAll(List.of("-H", "Authorization: " + signed.authorizationHeader(null)));
    } else if (transport.equals("query")) {
      target = url + (url.contains("?") ? "&" : "?") + signed.formEncoded();
    }
    if (hasBody) {
      StringBuilder body = new StringBuilder();
      for (var e : form) {
        body.append(body.isEmpty() ? "" : "&").append(OAuth1Signer.encode(e.getKey())).append('=').append(OAuth1Signer.encode(e.getValue()));
      }
      if (transport.equals("body")) {
        body.append(body.isEmpty() ? "" : "&").append(signed.formEncoded());
      }
      cmd.addAll(List.of("-H", "Content-Type: application/x-www-form-urlencoded", "--data-raw", body.toString()));
    }
    cmd.add(target);
    StringBuilder out = new StringBuilder();
    for (String part : cmd) {
      out.append(out.isEmpty() ? "" : " ").append(quote(part));
    }
    System.out.println(out);
    return 0;
  }

  private static List<Map.Entry<String, String>> pairs(List<String> raw) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String s : raw) {
      int eq = s.indexOf('=');
      out.add(Map.entry(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1)));
    }
    return out;
  }

  static String quote(String s) {
    return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
