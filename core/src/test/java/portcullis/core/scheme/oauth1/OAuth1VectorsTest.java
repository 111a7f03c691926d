package portcullis.core.scheme.oauth1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.core.text.Form;
import portcullis.core.testing.TestRequest;

/** RFC 5849 and oauth.net / oauthlib vectors from vectors/oauth1.json (copied from the shared set). */
class OAuth1VectorsTest {
  static JsonNode v;

  @BeforeAll
  static void load() throws Exception {
    try (var in = OAuth1VectorsTest.class.getResourceAsStream("/vectors/oauth1.json")) {
      v = new ObjectMapper().readTree(in);
    }
  }

  static List<Map.Entry<String, String>> pairs(JsonNode arr) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    arr.forEach(p -> out.add(Map.entry(p.get(0).asText(), p.get(1).asText())));
    return out;
  }

  @Test
  void percentEncode_vectors() {
    for (JsonNode c : v.get("percent_encoding")) {
      assertThat(Percent.encode(c.get("input").asText())).as(c.toString()).isEqualTo(c.get("expected").asText());
    }
  }

  @Test
  void normalize_vectors() {
    for (JsonNode c : v.get("parameter_normalization")) {
      if (c.has("input_query")) {
        List<Map.Entry<String, String>> ps = new ArrayList<>();
        Form.parse(c.get("input_query").asText()).forEach((k, vs) -> vs.forEach(x -> ps.add(Map.entry(k, x))));
        assertThat(BaseString.normalize(ps)).isEqualTo(c.get("expected").asText());
      } else {
        assertThat(BaseString.normalize(pairs(c.get("input_decoded_params")))).isEqualTo(c.get("expected").asText());
        JsonNode raw = c.get("raw_request");
        TestRequest r = new TestRequest(raw.get("method").asText(), raw.get("target").asText())
            .header("Host", raw.get("host").asText()).header("Authorization", raw.get("authorization").asText())
            .body(raw.get("body").asText());
        var p = OAuth1Parser.parse(r, "r");
        assertThat(p.isOk()).as(String.valueOf(p)).isTrue();
        assertThat(p.value().transport()).isEqualTo("header");
        assertThat(BaseString.normalize(p.value().params())).isEqualTo(c.get("expected").asText());
      }
    }
  }

  @Test
  void baseStringUri_vectors() {
    for (JsonNode c : v.get("base_string_uri")) {
      if (c.has("input_uri")) {
        assertThat(BaseString.uri(c.get("input_uri").asText())).as(c.toString()).isEqualTo(c.get("expected").asText());
      } else {
        String[] parts = c.get("request").asText().split(" \\| ");
        String target = parts[0].split(" ")[1];
        String host = parts[1].substring("Host: ".length());
        String scheme = parts[2].substring("scheme ".length());
        assertThat(BaseString.uri(scheme, host, target)).isEqualTo(c.get("expected").asText());
      }
    }
  }

  @Test
  void baseString_vectors() {
    for (JsonNode c : v.get("signature_base_string")) {
      String s = c.has("normalized_parameters")
          ? BaseString.of(c.get("method").asText(), c.get("base_string_uri").asText(), c.get("normalized_parameters").asText())
          : BaseString.of(c.get("method").asText(), BaseString.uri(c.get("uri").asText()), BaseString.normalize(pairs(c.get("params"))));
      assertThat(s).as(c.toString()).isEqualTo(c.get("expected").asText());
    }
  }

  @Test
  void hmacAndPlaintext_vectors() {
    for (JsonNode c : v.get("hmac_sha1")) {
      assertThat(Signatures.key(c.get("client_secret").asText(), c.get("token_secret").asText())).isEqualTo(c.get("key").asText());
      assertThat(Signatures.sign("HMAC-SHA1", c.get("base_string").asText(), c.get("client_secret").asText(),
          c.get("token_secret").asText())).isEqualTo(c.get("expected").asText());
    }
    for (JsonNode c : v.get("hmac_sha256")) {
      assertThat(Signatures.verifySecret("HMAC-SHA256", c.get("base_string").asText(), c.get("expected").asText(),
          c.get("client_secret").asText(), c.get("token_secret").asText())).isTrue();
    }
    for (JsonNode c : v.get("plaintext")) {
      String ts = c.get("token_secret").isNull() ? null : c.get("token_secret").asText();
      assertThat(Signatures.sign("PLAINTEXT", "ignored", c.get("client_secret").asText(), ts))
          .isEqualTo(c.get("expected_signature_value").asText());
    }
  }

  @Test
  void rsaSha1_vectors() throws Exception {
    JsonNode a = v.get("rsa_sha1").get(0);
    var cert = RsaKeys.parsePublic(a.get("certificate_pem").asText());
    assertThat(Signatures.verifyRsaSha1(a.get("base_string").asText(), a.get("expected").asText(), cert)).isTrue();
    String pem = a.get("private_key_pkcs8_pem").asText().replaceAll("-----[A-Z ]+-----", "");
    var priv = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
    assertThat(Signatures.signRsaSha1(a.get("base_string").asText(), priv)).isEqualTo(a.get("expected").asText());
    assertThat(Signatures.verifyRsaSha1(a.get("base_string").asText() + "x", a.get("expected").asText(), cert)).isFalse();
    assertThat(CertificateFactory.getInstance("X.509")).isNotNull();

    JsonNode b = v.get("rsa_sha1").get(1);
    var pkcs1 = RsaKeys.parsePublic(b.get("public_key_pkcs1_pem").asText());
    assertThat(Signatures.verifyRsaSha1(b.get("base_string").asText(), b.get("expected").asText(), pkcs1)).isTrue();
    assertThat(Signatures.verifyRsaSha1(b.get("base_string").asText(), "not base64!", pkcs1)).isFalse();
  }

  @Test
  void fullRequests_rfc5849Section12_headerParsedBaseStringAndSignature() {
    for (JsonNode c : v.get("full_request_examples")) {
      String published = c.get("published_header").asText();
      String header = published.substring(published.indexOf("Authorization: ") + "Authorization: ".length());
      String uri = c.get("base_string_uri").asText();
      String path = uri.substring(uri.indexOf('/', 8));
      String target = c.get("name").asText().equals("protected_resource") ? path + "?file=vacation.jpg&size=original" : path;
      TestRequest r = new TestRequest(c.get("method").asText(), target).header("Authorization", header);
      var p = OAuth1Parser.parse(r, "r");
      String base = BaseString.of(c.get("method").asText(), uri, BaseString.normalize(p.value().params()));
      assertThat(base).isEqualTo(c.get("derived_base_string").asText());
      assertThat(p.value().signature()).isEqualTo(c.get("expected_signature").asText());
      assertThat(Signatures.verifySecret("HMAC-SHA1", base, p.value().signature(), c.get("client_secret").asText(),
          c.get("token_secret").asText())).isTrue();
    }
  }

  @Test
  void section31_printedSignatureIsWrong_recomputedOneVerifies() {
    String base = v.get("signature_base_string").get(0).get("expected").asText();
    assertThat(Signatures.sign("HMAC-SHA1", base, "j49sk3j29djd", "dh893hdasih9")).isEqualTo("r6/TJjbCOr97/+UU0NsvSne7s5g=");
    assertThat(Signatures.verifySecret("HMAC-SHA1", base, "bYT5CMsGcbgUdFHObYMEfcx6bsw=", "j49sk3j29djd", "dh893hdasih9")).isFalse();
  }
}
