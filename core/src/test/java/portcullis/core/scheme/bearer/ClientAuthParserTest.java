package portcullis.core.scheme.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import portcullis.core.internal.Form;

/** RFC 6749 §2.3.1 client authentication at the token endpoint. */
class ClientAuthParserTest {
  /** shared/vectors/oauth2.json: RFC 6749 §4.4.2 and the form-encoded Basic rule. */
  @Test
  void parse_sharedVectors() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/vectors/oauth2.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      int n = 0;
      for (JsonNode v : root.get("vectors")) {
        var p = ClientAuthParser.parse(List.of("Basic " + v.get("expected_basic_credentials").asText()), Map.of());
        assertThat(p.error()).as(v.get("name").asText()).isNull();
        assertThat(p.clientId()).isEqualTo(v.get("client_id").asText());
        assertThat(p.secret()).isEqualTo(v.get("client_secret").asText());
        n++;
      }
      assertThat(n).isEqualTo(2);
    }
  }

  @Test
  void parse_body() {
    var p = ClientAuthParser.parse(List.of(), Form.parse("client_id=abc&client_secret=s%2Bt"));
    assertThat(p.clientId()).isEqualTo("abc");
    assertThat(p.secret()).isEqualTo("s+t");
  }

  @Test
  void parse_bothMethods_invalidRequest() {
    var p = ClientAuthParser.parse(List.of("Basic YTpi"), Form.parse("client_secret=b"));
    assertThat(p.invalidRequest()).isTrue();
    assertThat(ClientAuthParser.parse(List.of("Basic YTpi"), Form.parse("client_id=other")).invalidRequest()).isTrue();
    assertThat(ClientAuthParser.parse(List.of("Basic YTpi"), Form.parse("client_id=a")).clientId()).isEqualTo("a");
  }

  @Test
  void parse_missingOrMalformed_invalidClient() {
    for (var p : List.of(ClientAuthParser.parse(List.of(), Map.of()),
        ClientAuthParser.parse(List.of("Basic %%%"), Map.of()),
        ClientAuthParser.parse(List.of("Basic YWJj"), Map.of()),
        ClientAuthParser.parse(List.of("Bearer x"), Map.of()),
        ClientAuthParser.parse(List.of(), Form.parse("client_id=a")))) {
      assertThat(p.error()).isNotNull();
      assertThat(p.invalidRequest()).isFalse();
    }
  }
}
