package portcullis.core.scheme.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import portcullis.core.testing.Vectors;

class BasicParserTest {
  /** RFC 7617 and captured client vectors (shared/vectors/basic.json). */
  @ParameterizedTest
  @MethodSource("vectors")
  void parse_sharedVectors(JsonNode v) {
    var parsed = BasicParser.parse(v.get("expected_header").asText());
    assertThat(parsed.isOk()).as(v.get("source").asText()).isTrue();
    assertThat(parsed.value().userId()).isEqualTo(v.get("user_id").asText());
    assertThat(parsed.value().password()).isEqualTo(v.get("password").asText());
  }

  static List<JsonNode> vectors() {
    return Vectors.of("basic");
  }

  @Test
  void sharedVectors_atLeastSeven() {
    assertThat(vectors()).hasSizeGreaterThanOrEqualTo(7);
  }

  @Test
  void parse_splitsAtFirstColon() {
    var p = BasicParser.parse("Basic " + b64("user:pa:ss:"));
    assertThat(p.value().userId()).isEqualTo("user");
    assertThat(p.value().password()).isEqualTo("pa:ss:");
  }

  @Test
  void parse_emptyPassword() {
    assertThat(BasicParser.parse("Basic " + b64("user:")).value().password()).isEmpty();
  }

  @Test
  void parse_noColon_error() {
    assertThat(BasicParser.parse("Basic " + b64("nocolon")).failure().detail()).contains("no colon");
  }

  @Test
  void parse_badBase64_error() {
    assertThat(BasicParser.parse("Basic !!!").failure().detail()).contains("base64");
  }

  @Test
  void parse_controlBytes_error() {
    assertThat(BasicParser.parse("Basic " + b64("user:pa\u0000ss")).failure().detail()).contains("control");
    assertThat(BasicParser.parse("Basic " + b64("us\ner:pass")).failure().detail()).contains("control");
  }

  @Test
  void parse_tooLong_error() {
    assertThat(BasicParser.parse("Basic " + "A".repeat(BasicParser.MAX_LENGTH + 4)).failure().detail()).contains("too long");
  }

  @Test
  void parse_empty_error() {
    assertThat(BasicParser.parse("Basic ").failure().detail()).contains("empty");
    assertThat(BasicParser.parse("Basic").failure().detail()).contains("empty");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {"basic abc, true", "BASIC abc, true", "Basicx abc, false", "Bearer abc, false", "null, false"})
  void isBasic_caseInsensitiveScheme(String header, boolean basic) {
    assertThat(BasicParser.isBasic(header)).isEqualTo(basic);
  }

  /** Two-outcome contract: any input yields credentials or an error, never an exception. */
  @Test
  void parse_fuzz_neverThrows() {
    Random r = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] raw = new byte[r.nextInt(64)];
      r.nextBytes(raw);
      String header = switch (i % 3) {
        case 0 -> "Basic " + Base64.getEncoder().encodeToString(raw);
        case 1 -> "Basic " + new String(raw, StandardCharsets.ISO_8859_1);
        default -> "Basic " + Base64.getEncoder().encodeToString(raw).substring(0, Math.max(0, raw.length / 2));
      };
      var p = BasicParser.parse(header);
      assertThat(p.isOk() || p.failure().status() == 400).isTrue();
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
