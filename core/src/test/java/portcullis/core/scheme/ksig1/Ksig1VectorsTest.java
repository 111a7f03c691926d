package portcullis.core.scheme.ksig1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import portcullis.core.RequestView;
import portcullis.core.testing.TestRequest;

/** The independent signer's vectors (vectors/ksig1.json), canonicalization edges, and a parser fuzz. */
class Ksig1VectorsTest {
  static JsonNode vectors() throws Exception {
    return new ObjectMapper().readTree(Ksig1VectorsTest.class.getResourceAsStream("/vectors/ksig1.json")).get("vectors");
  }

  static RequestView request(JsonNode v) {
    List<String> h = new ArrayList<>();
    v.get("headers").fields().forEachRemaining(e -> {
      h.add(e.getKey());
      h.add(e.getValue().asText());
    });
    h.add("Authorization");
    h.add(v.get("authorization").asText());
    return TestRequest.of(v.get("method").asText(), v.get("path").asText(), v.get("query").asText(),
        v.get("body").asText().getBytes(StandardCharsets.UTF_8), h.toArray(String[]::new));
  }

  @Test
  void vectors_canonicalRequestStringToSignSignature() throws Exception {
    for (JsonNode v : vectors()) {
      RequestView r = request(v);
      var parsed = Ksig1Parser.parse(r, false);
      assertThat(parsed.isOk()).as(v.get("name").asText()).isTrue();
      var c = parsed.value();
      String canonical = Ksig1Canonical.request(r.method(), r.path(), r.rawQuery(), c.signedNames(), c.signedValues(), r.body());
      assertThat(canonical).as(v.get("name").asText()).isEqualTo(v.get("canonical_request").asText());
      String sts = Ksig1Canonical.stringToSign(c.timestamp(), canonical);
      assertThat(sts).isEqualTo(v.get("string_to_sign").asText());
      assertThat(Ksig1Canonical.signature(v.get("client_secret").asText(), sts)).isEqualTo(v.get("signature").asText());
      assertThat(c.signature()).isEqualTo(v.get("signature").asText());
    }
  }

  /** Raw UTF-8 bytes come as the HTTP parser hands them over (one ISO-8859-1 char per byte). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      path  | ''                                | /
      path  | /                                 | /
      path  | /a//b/                            | /a//b/
      path  | /caf\u00c3\u00a9/%7e/%2a*          | /caf%C3%A9/~/%2A%2A
      path  | /caf\u00e9                        | /caf%E9
      path  | /\u2615\uD83D\uDE00                | /%E2%98%95%F0%9F%98%80
      path  | /100%/x%zz%4                      | /100%25/x%25zz%254
      path  | /%FF                              | /%FF
      path  | /./../a                           | /./../a
      query | ''                                | ''
      query | a=1&&b                            | a=1&b=
      query | q=a+b%2Bc&q=%20                   | q=%20&q=a%2Bb%2Bc
      query | x=%E2%82%AC&=v&k=                 | =v&k=&x=%E2%82%AC
      query | b=2&a=2&a=1                       | a=1&a=2&b=2
      """)
  void pathAndQuery_edges(String part, String raw, String canonical) {
    assertThat(part.equals("path") ? Ksig1Canonical.path(raw) : Ksig1Canonical.query(raw)).isEqualTo(canonical);
  }

  @Test
  void stringToSign_rawUtf8HeaderValue_hashesTheBytesSent() {
    String asReceived = "x-note:caf\u00c3\u00a9";
    assertThat(Ksig1Canonical.stringToSign("1", asReceived))
        .isEqualTo("KSig1-HMAC-SHA256\n1\n" + portcullis.core.crypto.Crypto.sha256Hex("x-note:caf\u00e9"));
    assertThat(Ksig1Canonical.display(asReceived)).isEqualTo("x-note:caf\u00e9");
    assertThat(Ksig1Canonical.query("q=caf\u00c3\u00a9&r=%C3%A9")).isEqualTo("q=caf%C3%A9&r=%C3%A9");
  }

  @Test
  void headerValue_trimsCollapsesAndJoins() {
    assertThat(Ksig1Canonical.headerValue(List.of("  a   b  c "))).isEqualTo("a b c");
    assertThat(Ksig1Canonical.headerValue(List.of("x", " y  z"))).isEqualTo("x,y z");
  }

  @Test
  void parse_randomHeaders_neverThrows() {
    Random r = new Random(4);
    String alphabet = "KSig1-HMAC-SHA256 Signature=0123456789abcdefXYZ;:,%\t\u00e9\u0000";
    String[] names = {"Authorization", "X-API-Key", "X-API-Timestamp", "X-API-Nonce", "X-API-Auth-Token", "X-API-Signed-Elements", "Host"};
    for (int i = 0; i < 20_000; i++) {
      List<String> h = new ArrayList<>();
      for (String n : names) {
        if (r.nextInt(5) > 0) {
          StringBuilder v = new StringBuilder(i % 3 == 0 && n.equals("Authorization") ? "KSig1-HMAC-SHA256 Signature=" : "");
          for (int j = r.nextInt(80); j > 0; j--) {
            v.append(alphabet.charAt(r.nextInt(alphabet.length())));
          }
          h.add(n);
          h.add(v.toString());
        }
      }
      var parsed = Ksig1Parser.parse(TestRequest.of("GET", "/", "", new byte[0], h.toArray(String[]::new)), r.nextBoolean());
      if (!parsed.isOk()) {
        assertThat(parsed.failure().status()).isEqualTo(401);
      }
      StringBuilder p = new StringBuilder();
      for (int j = r.nextInt(40); j > 0; j--) {
        p.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      Ksig1Canonical.path(p.toString());
      Ksig1Canonical.query(p.toString());
    }
  }
}
