package portcullis.server.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import portcullis.client.DigestAuth;
import portcullis.server.Harness;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * The {@code uri} parameter against request targets that clients spell in more than one way: an
 * empty query ({@code /v2/whoami?}) and non-ASCII characters the JDK's HTTP client percent-encodes
 * on the wire. Raw requests go over a plain socket so that the target is exactly what is sent.
 */
class DigestTargetHttpTest {
  static final String REALM = "Portcullis Demo";

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount ali = h.accountForClass("ali.target@example.com", "open sesame target");
  static final Harness.TestClient app = h.clientForClass(ali, false, "read");

  /** Sends one raw HTTP/1.1 GET with exactly {@code target} on the request line; returns status line and body. */
  static String rawGet(String target, String authorization) throws IOException {
    URI base = URI.create(h.base);
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nX-Client-Key: " + app.key()
          + "\r\nAuthorization: " + authorization + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return all.substring(0, all.indexOf("\r\n")) + "\n" + all.substring(all.indexOf("\r\n\r\n") + 4);
    }
  }

  static String answer(DigestAnswers.Challenge c, String nc, String uri) {
    return DigestAnswers.header("SHA-256", "SHA-256", false, ali.email(), false, ali.password(), REALM, c, nc, "c0ffee", "GET", uri);
  }

  /** RFC 7616 3.4: uri is the request target; "/v2/whoami?" sent on the request line and in uri must pass. */
  @Test
  void uri_emptyQueryKeptAsSent_200() throws IOException {
    var c = DigestAnswers.Challenge.of(h.get("/v2/whoami"));
    String r = rawGet("/v2/whoami?", answer(c, "00000001", "/v2/whoami?"));
    assertThat(r).startsWith("HTTP/1.1 200").contains("\"scheme\":\"digest\"");
    String plain = rawGet("/v2/whoami", answer(c, "00000002", "/v2/whoami"));
    assertThat(plain).startsWith("HTTP/1.1 200");
  }

  /** An empty query is the same target with or without '?'; a real query still has to match. */
  @Test
  void uri_emptyQueryEitherSpelling_200_otherQuery_400() throws IOException {
    var c = DigestAnswers.Challenge.of(h.get("/v2/whoami"));
    assertThat(rawGet("/v2/whoami", answer(c, "00000001", "/v2/whoami?"))).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/v2/whoami?", answer(c, "00000002", "/v2/whoami"))).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/v2/whoami?x=1", answer(c, "00000003", "/v2/whoami?"))).startsWith("HTTP/1.1 400");
    assertThat(rawGet("/v2/whoami?", answer(c, "00000004", "/v2/whoami?x=1"))).startsWith("HTTP/1.1 400");
  }

  /** java.net.http drops an empty '?' on HTTP/1.1 and percent-encodes non-ASCII URI characters as UTF-8. */
  @Test
  void javaSdk_emptyQueryAndNonAsciiQuery_200() throws Exception {
    HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    DigestAuth auth = DigestAuth.of(ali.email(), ali.password()).header("X-Client-Key", app.key());
    URI base = URI.create(h.base);
    URI[] uris = {URI.create(h.base + "/v2/whoami?"),
        new URI("http", null, base.getHost(), base.getPort(), "/v2/whoami", "city=Zürich&n=é", null),
        new URI("http", null, base.getHost(), base.getPort(), "/v2/whoami", "q=e\u0301", null)};
    for (URI u : uris) {
      HttpResponse<String> r = auth.send(http1, HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(u + ": " + r.body()).isEqualTo(200);
      assertThat(json(r).getString("scheme")).isEqualTo("digest");
    }
  }
}
