package portcullis.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code portcullis admin ...}: the admin REST API from a terminal. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage accounts and clients through a running gateway's admin API.",
    subcommands = {AdminCommand.Accounts.class, AdminCommand.Clients.class, AdminCommand.Throttles.class})
final class AdminCommand {
  @Option(names = "--url", defaultValue = "${env:PORTCULLIS_URL:-http://127.0.0.1:8080}",
      description = "The gateway's base URL (default ${DEFAULT-VALUE}; env PORTCULLIS_URL).")
  String url;

  @Option(names = "--admin-token", defaultValue = "${env:PORTCULLIS_ADMIN_TOKEN}",
      description = "The admin token (default: env PORTCULLIS_ADMIN_TOKEN).")
  String token;

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "PEM file of the CA that signed the gateway's certificate (an https --url with a private CA).")
  java.nio.file.Path cacert;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  int call(String method, String path, ObjectNode body) {
    if (token == null || token.isBlank()) {
      System.err.println("portcullis admin: no admin token; pass --admin-token or set PORTCULLIS_ADMIN_TOKEN");
      return 2;
    }
    URI target;
    try {
      target = URI.create(url.replaceAll("/+$", "") + path);
      if (!("http".equals(target.getScheme()) || "https".equals(target.getScheme())) || target.getHost() == null) {
        throw new IllegalArgumentException("use http(s)://host[:port]");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("portcullis admin: bad --url " + url + ": " + e.getMessage());
      return 2;
    }
    try {
      HttpRequest.Builder rb = HttpRequest.newBuilder(target)
          .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Accept", "application/json");
      if (body != null) {
        rb.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
      } else {
        rb.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpClient.Builder cb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
      if (cacert != null) {
        cb.sslContext(trusting(cacert));
      }
      HttpResponse<String> resp = cb.build()
          .send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String out = resp.body().isEmpty() ? "" : pretty(resp.body());
      if (resp.statusCode() >= 300) {
        System.err.println("portcullis admin: HTTP " + resp.statusCode());
        System.err.println(out);
        return 1;
      }
      System.out.println(out.isEmpty() ? "ok (HTTP " + resp.statusCode() + ")" : out);
      return 0;
    } catch (IOException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName().replace("Exception", "");
      if (e instanceof java.net.ConnectException) {
        why = "connection refused (is the gateway running there?)";
      }
      System.err.println("portcullis admin: cannot reach " + url + ": " + why);
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    } catch (IllegalArgumentException e) {
      System.err.println("portcullis admin: " + e.getMessage());
      return 2;
    }
  }

  /** A TLS context trusting the CA certificates in a PEM file. */
  static javax.net.ssl.SSLContext trusting(java.nio.file.Path pem) throws IOException {
    try (var in = java.nio.file.Files.newInputStream(pem)) {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (var c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot use --cacert " + pem + ": " + e.getMessage(), e);
    }
  }

  private static String pretty(String body) {
    try {
      return JSON.writeValueAsString(JSON.readTree(body));
    } catch (IOException e) {
      return body;
    }
  }

  static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  /** A path segment: RFC 3986-encoded, unreserved characters kept. */
  static String enc(String s) {
    return portcullis.core.text.PercentEncoding.encode(s);
  }

  @Command(name = "accounts", mixinStandardHelpOptions = true, description = "Create, show and lock/unlock accounts.")
  static final class Accounts {
    @ParentCommand AdminCommand admin;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an account.")
    int create(@Option(names = "--email", required = true, paramLabel = "EMAIL") String email,
        @Option(names = "--password", required = true, paramLabel = "PASSWORD", description = "At least 8 characters.") String password) {
      return admin.call("POST", "/admin/accounts", obj().put("email", email).put("password", password));
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show an account.")
    int get(@Parameters(paramLabel = "ACCOUNT_ID") String id) {
      return admin.call("GET", "/admin/accounts/" + enc(id), null);
    }

    @Command(name = "set-status", mixinStandardHelpOptions = true, description = "Set an account's status: active, locked or disabled.")
    int setStatus(@Parameters(paramLabel = "ACCOUNT_ID") String id, @Parameters(paramLabel = "STATUS") String status) {
      return admin.call("PATCH", "/admin/accounts/" + enc(id), obj().put("status", status));
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true, description = "Set an account's password.")
    int setPassword(@Parameters(paramLabel = "ACCOUNT_ID") String id, @Option(names = "--password", required = true, paramLabel = "PASSWORD") String password) {
      return admin.call("PATCH", "/admin/accounts/" + enc(id), obj().put("password", password));
    }

    @Command(name = "authorizations", mixinStandardHelpOptions = true,
        description = "List the apps the account has authorized (OAuth 1.0a), with their scopes.")
    int authorizations(@Parameters(paramLabel = "ACCOUNT_ID") String id) {
      return admin.call("GET", "/admin/accounts/" + enc(id) + "/authorizations", null);
    }

    @Command(name = "revoke-authorization", mixinStandardHelpOptions = true,
        description = "Revoke every OAuth 1.0a token the account gave the app (as the authorized-apps page does).")
    int revokeAuthorization(@Parameters(paramLabel = "ACCOUNT_ID") String id, @Parameters(paramLabel = "CLIENT_KEY") String key) {
      return admin.call("DELETE", "/admin/accounts/" + enc(id) + "/authorizations/" + enc(key), null);
    }
  }

  @Command(name = "clients", mixinStandardHelpOptions = true, description = "Register, show, rotate and revoke clients (apps).")
  static final class Clients {
    @ParentCommand AdminCommand admin;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a client for an account; prints its secret once.")
    int create(@Parameters(paramLabel = "ACCOUNT_ID") String owner, @Option(names = "--name", required = true, paramLabel = "NAME", description = "The app's name, shown to account holders.") String name,
        @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope to grant (repeatable).") List<String> scopes,
        @Option(names = "--public", description = "A public (distributed) app: OAuth 1.0a only.") boolean isPublic) {
      ObjectNode body = obj().put("name", name).put("public", isPublic);
      var arr = body.putArray("scopes");
      if (scopes != null) {
        scopes.forEach(arr::add);
      }
      return admin.call("POST", "/admin/accounts/" + enc(owner) + "/clients", body);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an account's clients.")
    int list(@Parameters(paramLabel = "ACCOUNT_ID") String owner) {
      return admin.call("GET", "/admin/accounts/" + enc(owner) + "/clients", null);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a client (never its secret).")
    int get(@Parameters(paramLabel = "CLIENT_KEY") String key) {
      return admin.call("GET", "/admin/clients/" + enc(key), null);
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true, description = "Issue a new secret; the old one works during the overlap.")
    int rotate(@Parameters(paramLabel = "CLIENT_KEY") String key,
        @Option(names = "--overlap-seconds", paramLabel = "SECONDS", description = "How long the old secret keeps working.") Long overlap) {
      return admin.call("POST", "/admin/clients/" + enc(key) + "/rotate-secret",
          overlap == null ? obj() : obj().put("overlap_seconds", overlap));
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a client: refused from the next request on.")
    int revoke(@Parameters(paramLabel = "CLIENT_KEY") String key) {
      return admin.call("DELETE", "/admin/clients/" + enc(key), null);
    }

    @Command(name = "set-rate-limit", mixinStandardHelpOptions = true,
        description = "Give a client its own rate limit (it replaces the route's), or --clear it.")
    int setRateLimit(@Parameters(paramLabel = "CLIENT_KEY") String key,
        @Option(names = "--requests", paramLabel = "N", description = "Requests allowed per window.") Integer requests,
        @Option(names = "--window-seconds", paramLabel = "W", description = "The window, 1 to 86400 seconds.") Integer window,
        @Option(names = "--clear", description = "Remove the client's own limit (the route's applies again).") boolean clear) {
      if (clear == (requests != null || window != null) || (!clear && (requests == null || window == null))) {
        System.err.println("portcullis admin: give --requests N --window-seconds W, or --clear");
        return 2;
      }
      ObjectNode body = obj();
      if (clear) {
        body.putNull("rate_limit");
      } else {
        body.putObject("rate_limit").put("requests", requests).put("window_seconds", window);
      }
      return admin.call("PATCH", "/admin/clients/" + enc(key), body);
    }

    @Command(name = "set-oauth1-rsa-key", mixinStandardHelpOptions = true,
        description = "Register the client's RSA public key for OAuth 1.0a RSA-SHA1 (PEM: PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE).")
    int setRsaKey(@Parameters(paramLabel = "CLIENT_KEY") String key,
        @Option(names = "--pem-file", required = true, paramLabel = "FILE", description = "The PEM file.") java.nio.file.Path pem) {
      String text;
      try {
        text = java.nio.file.Files.readString(pem);
      } catch (IOException e) {
        System.err.println("portcullis admin: cannot read " + pem + ": " + e.getMessage());
        return 2;
      }
      return admin.call("PUT", "/admin/clients/" + enc(key) + "/oauth1-rsa-key", obj().put("public_key_pem", text));
    }

    @Command(name = "delete-oauth1-rsa-key", mixinStandardHelpOptions = true, description = "Remove the client's OAuth 1.0a RSA public key.")
    int deleteRsaKey(@Parameters(paramLabel = "CLIENT_KEY") String key) {
      return admin.call("DELETE", "/admin/clients/" + enc(key) + "/oauth1-rsa-key", null);
    }

    @Command(name = "add-certificate", mixinStandardHelpOptions = true,
        description = "Bind a TLS client certificate to a client (the mtls scheme, mtls.bind, certificate-bound tokens).")
    int addCertificate(@Parameters(paramLabel = "CLIENT_KEY") String key,
        @Option(names = "--thumbprint", paramLabel = "SHA256",
            description = "Its SHA-256 thumbprint: base64url (RFC 8705 x5t#S256) or hex as `openssl x509 -noout -fingerprint -sha256` prints it.")
        String thumbprint,
        @Option(names = "--certificate", paramLabel = "FILE", description = "Or the PEM certificate file itself.") java.nio.file.Path file) {
      if ((thumbprint == null) == (file == null)) {
        System.err.println("portcullis admin: give --thumbprint SHA256 or --certificate FILE");
        return 2;
      }
      ObjectNode body = obj();
      if (thumbprint != null) {
        body.put("thumbprint", thumbprint);
      } else {
        try {
          body.put("certificate", java.nio.file.Files.readString(file));
        } catch (IOException e) {
          System.err.println("portcullis admin: cannot read " + file + ": " + e.getMessage());
          return 2;
        }
      }
      return admin.call("POST", "/admin/clients/" + enc(key) + "/certificates", body);
    }

    @Command(name = "list-certificates", mixinStandardHelpOptions = true, description = "List the certificates bound to a client.")
    int listCertificates(@Parameters(paramLabel = "CLIENT_KEY") String key) {
      return admin.call("GET", "/admin/clients/" + enc(key) + "/certificates", null);
    }

    @Command(name = "remove-certificate", mixinStandardHelpOptions = true, description = "Unbind a certificate from a client.")
    int removeCertificate(@Parameters(paramLabel = "CLIENT_KEY") String key, @Parameters(paramLabel = "THUMBPRINT") String thumbprint) {
      return admin.call("DELETE", "/admin/clients/" + enc(key) + "/certificates/" + enc(thumbprint.replace(":", "")), null);
    }
  }

  @Command(name = "throttles", mixinStandardHelpOptions = true,
      description = "What the failed-login throttle, rate limits and nonce quotas refuse now; clear one.")
  static final class Throttles {
    @ParentCommand AdminCommand admin;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List what is refused now: who or which address, why, until when.")
    int list() {
      return admin.call("GET", "/admin/throttles", null);
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Clear one throttle (its id from list).")
    int clear(@Parameters(paramLabel = "ID") String id) {
      return admin.call("DELETE", "/admin/throttles/" + enc(id), null);
    }
  }
}
