package portcullis.core.scheme.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import portcullis.core.testing.Vectors;
import portcullis.core.text.Form;

/** RFC 6749 §2.3.1 client authentication at the token endpoint. */
class ClientAuthParserTest {
  /** shared/vectors/oauth2.json: RFC 6749 §4.4.2 and the form-encoded Basic rule. */
  @Test
  void parse_sharedVectors() {
    List<JsonNode> vectors = Vectors.of("oauth2");
    assertThat(vectors).hasSize(2);
    for (JsonNode v : vectors) {
      var p = ClientAuthParser.parse(List.of("Basic " + v.get("expected_basic_credentials").asText()), Map.of(), "r");
      assertThat(p.isOk()).as(v.get("name").asText()).isTrue();
      assertThat(p.value().clientId()).isEqualTo(v.get("client_id").asText());
      assertThat(p.value().secret()).isEqualTo(v.get("client_secret").asText());
    }
  }

  @Test
  void parse_body() {
    var p = ClientAuthParser.parse(List.of(), Form.parse("client_id=abc&client_secret=s%2Bt"), "r");
    assertThat(p.value().clientId()).isEqualTo("abc");
    assertThat(p.value().secret()).isEqualTo("s+t");
  }

  @Test
  void parse_bothMethods_invalidRequest() {
    var p = ClientAuthParser.parse(List.of("Basic YTpi"), Form.parse("client_secret=b"), "r");
    assertThat(p.failure().status()).isEqualTo(400);
    assertThat(ClientAuthParser.parse(List.of("Basic YTpi"), Form.parse("client_id=other"), "r").failure().status()).isEqualTo(400);
    assertThat(ClientAuthParser.parse(List.of("Basic YTpi"), Form.parse("client_id=a"), "r").value().clientId()).isEqualTo("a");
  }

  @Test
  void parse_missingOrMalformed_invalidClient() {
    for (var p : List.of(ClientAuthParser.parse(List.of(), Map.of(), "r"),
        ClientAuthParser.parse(List.of("Basic %%%"), Map.of(), "r"),
        ClientAuthParser.parse(List.of("Basic YWJj"), Map.of(), "r"),
        ClientAuthParser.parse(List.of("Bearer x"), Map.of(), "r"),
        ClientAuthParser.parse(List.of(), Form.parse("client_id=a"), "r"))) {
      assertThat(p.isOk()).isFalse();
      assertThat(p.failure().status()).isEqualTo(401);
    }
  }
}
