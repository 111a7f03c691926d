package portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Ksig1SignerTest {
  static final Set<String> KSIG1 = Set.of("host", "x-api-key", "x-api-timestamp", "x-api-nonce", "x-api-auth-token", "x-api-signed-elements");

  @Test
  void sign_vectors() throws Exception {
    JsonNode all = new ObjectMapper().readTree(getClass().getResourceAsStream("/vectors/ksig1.json")).get("vectors");
    for (JsonNode v : all) {
      JsonNode h = v.get("headers");
      Map<String, String> extra = new LinkedHashMap<>();
      h.fields().forEachRemaining(e -> {
        if (!KSIG1.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
          extra.put(e.getKey(), e.getValue().asText());
        }
      });
      String token = h.has("X-API-Auth-Token") ? h.get("X-API-Auth-Token").asText() : null;
      var signer = new Ksig1Signer(h.get("X-API-Key").asText(), v.get("client_secret").asText(), Clock.systemUTC(), token);
      var s = signer.sign(v.get("method").asText(), v.get("path").asText(), v.get("query").asText(), h.get("Host").asText(), extra,
          v.get("body").asText().getBytes(StandardCharsets.UTF_8), h.get("X-API-Timestamp").asLong(), h.get("X-API-Nonce").asText());
      assertThat(s.canonicalRequest()).as(v.get("name").asText()).isEqualTo(v.get("canonical_request").asText());
      assertThat(s.stringToSign()).isEqualTo(v.get("string_to_sign").asText());
      assertThat(s.headers().get("Authorization")).isEqualTo(v.get("authorization").asText());
    }
  }

  @Test
  void host_defaultPortOmitted() {
    assertThat(Ksig1Signer.host(URI.create("http://a.example:80/x"))).isEqualTo("a.example");
    assertThat(Ksig1Signer.host(URI.create("https://a.example/x"))).isEqualTo("a.example");
    assertThat(Ksig1Signer.host(URI.create("http://127.0.0.1:8080/x"))).isEqualTo("127.0.0.1:8080");
  }

  @Test
  void sign_newNonceEachTime() {
    var signer = new Ksig1Signer("k", "s", Clock.systemUTC(), null);
    var a = signer.sign("GET", URI.create("http://h/x"), Map.of(), new byte[0]);
    var b = signer.sign("GET", URI.create("http://h/x"), Map.of(), new byte[0]);
    assertThat(a.headers().get("X-API-Nonce")).isNotEqualTo(b.headers().get("X-API-Nonce")).matches("[A-Za-z0-9_-]{8,64}");
  }

  @Test
  void request_nonAsciiHeaderValue_refusedUpFront() {
    var signer = new Ksig1Signer("k", "s", Clock.systemUTC(), null);
    assertThatThrownBy(() -> signer.request("GET", URI.create("http://h/x"),
            Map.of("X-Note", "caf\u00e9"), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Note").hasMessageContaining("U+00E9");
    assertThat(signer.request("GET", URI.create("http://h/x"), Map.of("X-Note", "plain\tascii ~"), new byte[0])
        .headers().firstValue("X-Note")).contains("plain\tascii ~");
  }
}
