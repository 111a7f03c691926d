package portcullis.server.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import portcullis.core.store.Client;
import portcullis.server.config.Settings;
import portcullis.server.oauth1.OAuth1Config;

/**
 * An app's ready-to-paste lines: one snippet for every scheme the deployment's routes accept, on
 * the first route that accepts it, with the app's key filled in and the secret (and the account's
 * password) as placeholders; and seed 000's OAuth 1.0a endpoint list.
 */
final class QuickStart {
  private QuickStart() {}

  static final String SECRET = "YOUR_CLIENT_SECRET";
  static final String PASSWORD = "YOUR_PASSWORD";
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** {@code s} as one single-quoted shell word. */
  static String sq(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static Views.QuickStart of(Settings settings, OAuth1Config oauth1, String base, Client app, String email) {
    Map<String, Settings.RouteSpec> first = new LinkedHashMap<>();
    for (Settings.RouteSpec r : settings.routes()) {
      for (String s : r.schemes()) {
        String id = s.equals("basic") && !r.clientKeyRequired() ? "basic-account" : s;
        Settings.RouteSpec seen = first.get(id);
        if (seen == null || (!seen.methods().contains("GET") && r.methods().contains("GET"))) {
          first.put(id, r);
        }
      }
    }
    String key = app.clientKey();
    List<Views.Snippet> out = new ArrayList<>();
    List<Views.Endpoint> endpoints = new ArrayList<>();
    String user = sq(email + ":" + PASSWORD);
    for (var e : first.entrySet()) {
      Settings.RouteSpec r = e.getValue();
      String url = base + r.path();
      String method = r.methods().contains("GET") ? "GET" : r.methods().iterator().next();
      String x = method.equals("GET") ? "" : "-X " + method + " ";
      switch (e.getKey()) {
        case "basic" -> out.add(app.isPublic()
            ? new Views.Snippet("HTTP Basic + client key", "This app is public, so Basic and Digest are refused with its key (403): public apps use OAuth 1.0a.", "")
            : new Views.Snippet("HTTP Basic + client key", "Your account's email and password, and this app's key (header, or the client_key query parameter).",
                "curl " + x + "-u " + user + " -H 'X-Client-Key: " + key + "' " + url + "\ncurl " + x + "-u " + user + " " + sq(url + "?client_key=" + key)));
        case "basic-account" -> out.add(new Views.Snippet("HTTP Basic, account only (" + r.path() + ")",
            "This route takes your account's email and password without a client key.", "curl " + x + "-u " + user + " " + url));
        case "digest" -> out.add(app.isPublic()
            ? new Views.Snippet("HTTP Digest + client key", "This app is public, so Digest is refused with its key (403): public apps use OAuth 1.0a.", "")
            : new Views.Snippet("HTTP Digest + client key", "curl answers the server's challenge (RFC 7616).",
                "curl " + x + "--digest -u " + user + " -H 'X-Client-Key: " + key + "' " + url));
        case "oauth1" -> {
          String plaintext = oauth1.allowPlaintextOverHttp() ? "PLAINTEXT" : "PLAINTEXT (over HTTPS)";
          endpoints.add(new Views.Endpoint("Consumer Registration URL", base + "/developers/apps/new"));
          endpoints.add(new Views.Endpoint("Request Token URL", base + oauth1.requestTokenPath()));
          endpoints.add(new Views.Endpoint("User Authorization URL", base + oauth1.authorizePath()));
          endpoints.add(new Views.Endpoint("Access Token URL", base + oauth1.accessTokenPath()));
          endpoints.add(new Views.Endpoint("Signature Methods", "HMAC-SHA1, HMAC-SHA256, " + plaintext + ", RSA-SHA1 (with a registered RSA key)"));
          out.add(new Views.Snippet("OAuth 1.0a (" + r.path() + ")",
              "Any OAuth 1.0a library: consumer key " + key + ", consumer secret your client secret. Step 1 by hand (PLAINTEXT), then open the"
                  + " authorization URL with the oauth_token it returns; the account holder approves and you exchange the verifier at the access token URL.",
              "curl -X POST -H 'Authorization: OAuth oauth_consumer_key=\"" + key + "\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\""
                  + SECRET + "%26\", oauth_callback=\"oob\"' " + base + oauth1.requestTokenPath() + "\n# then, in a browser:\n# "
                  + base + oauth1.authorizePath() + "?oauth_token=TOKEN_FROM_STEP_1"));
        }
        case "bearer" -> out.add(new Views.Snippet("Client-credentials bearer token (" + r.path() + ")", "A token lasts a few minutes; ask for a new one when it expires.",
            "TOKEN=$(curl -s -X POST " + base + "/api/token -u " + sq(key + ":" + SECRET) + " -d grant_type=client_credentials"
                + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\ncurl " + x + "-H \"Authorization: Bearer $TOKEN\" " + url));
        case "keytoken" -> {
          StringBuilder b = new StringBuilder();
          if ("true".equals(r.options().get("keytoken.public"))) {
            b.append("curl -H 'Authorization: ").append(key).append("' ").append(url).append('\n');
          }
          b.append("TS=$(date +%s%3N); SK=$(printf '%s%s' ").append(sq(SECRET)).append(" \"$TS\" | openssl dgst -sha256 -binary | base64)\n")
              .append("TOKEN=$(curl -s -H 'Content-Type: application/json' -d \"{\\\"publicKey\\\":\\\"").append(key)
              .append("\\\",\\\"secretKey\\\":\\\"$SK\\\",\\\"timestamp\\\":$TS}\" ").append(base)
              .append("/v0/tokens | sed -E 's/.*\"token\":\"([^\"]+)\".*/\\1/')\n");
          Settings.RouteSpec tokenRoute = settings.routes().stream()
              .filter(t -> t.schemes().contains("keytoken") && !"true".equals(t.options().get("keytoken.public"))).findFirst().orElse(r);
          b.append("curl -H \"Authorization: ").append(key).append(":$TOKEN\" ").append(base).append(tokenRoute.path());
          out.add(new Views.Snippet("Public key and key:token (" + r.path() + ")", "The hashed-secret exchange: the secret itself never travels.", b.toString()));
        }
        case "ksig1" -> {
          String host = base.replaceFirst("^https?://", "");
          out.add(new Views.Snippet("KSig1-HMAC-SHA256 signature (" + r.path() + ")",
              "Signs GET " + r.path() + " without a query or body with openssl; every request needs a fresh nonce.",
              "SECRET=" + sq(SECRET) + "; TS=$(date +%s); NONCE=$(openssl rand -hex 16)\n"
                  + "CANON=$(printf 'GET\\n" + r.path() + "\\n\\nhost:" + host + "\\nx-api-key:" + key
                  + "\\nx-api-nonce:%s\\nx-api-timestamp:%s\\n\\nhost;x-api-key;x-api-nonce;x-api-timestamp\\n" + EMPTY_SHA256
                  + "' \"$NONCE\" \"$TS\")\n"
                  + "STS=$(printf 'KSig1-HMAC-SHA256\\n%s\\n%s' \"$TS\" \"$(printf '%s' \"$CANON\" | openssl dgst -sha256 -hex | sed 's/.*= //')\")\n"
                  + "SIG=$(printf '%s' \"$STS\" | openssl dgst -sha256 -hmac \"$SECRET\" -hex | sed 's/.*= //')\n"
                  + "curl -H \"Authorization: KSig1-HMAC-SHA256 Signature=$SIG\" -H 'X-API-Key: " + key + "' -H \"X-API-Timestamp: $TS\""
                  + " -H \"X-API-Nonce: $NONCE\" " + url));
        }
        default -> out.add(new Views.Snippet("Scheme " + e.getKey() + " (" + r.path() + ")", "See the API's documentation for this scheme.", ""));
      }
    }
    return new Views.QuickStart(out, endpoints);
  }
}
