package portcullis.core.scheme.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7616 / RFC 2617 vectors and captured client answers (shared/vectors/digest.json). */
class DigestAlgorithmTest {
  static List<JsonNode> vectors() throws Exception {
    try (InputStream in = DigestAlgorithmTest.class.getResourceAsStream("/vectors/digest.json")) {
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("vectors").forEach(out::add);
      return out;
    }
  }

  static String text(JsonNode v, String field) {
    JsonNode n = v.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  static DigestAlgorithm algorithm(JsonNode v) {
    String a = text(v, "algorithm");
    return a.startsWith("MD5 (") ? DigestAlgorithm.MD5 : DigestAlgorithm.byWire(a);
  }

  static boolean negative(JsonNode v) {
    return text(v, "name").contains("as-printed") || v.has("algorithm_header_sent");
  }

  @Test
  void response_positiveVectors_match() throws Exception {
    int n = 0;
    for (JsonNode v : vectors()) {
      if (negative(v) || text(v, "qop") == null) {
        continue;
      }
      DigestAlgorithm a = algorithm(v);
      String ha1 = a.ha1(text(v, "username"), text(v, "realm"), text(v, "password"));
      if (v.has("HA1")) {
        assertThat(ha1).as(text(v, "name")).isEqualTo(text(v, "HA1"));
      }
      if (v.has("userhash_expected")) {
        assertThat(a.userhash(text(v, "username"), text(v, "realm"))).isEqualTo(text(v, "userhash_expected"));
      }
      if (text(v, "userhash_sent") != null) {
        assertThat(a.userhash(text(v, "username"), text(v, "realm"))).isEqualTo(text(v, "userhash_sent"));
      }
      String r = a.response(ha1, text(v, "nonce"), text(v, "nc"), text(v, "cnonce"), text(v, "qop"), text(v, "method"), text(v, "uri"));
      assertThat(r).as(text(v, "name")).isEqualTo(text(v, "expected_response"));
      n++;
    }
    assertThat(n).isEqualTo(9);
  }

  /** The RFC's printed SHA-512-256 values (truncated SHA-512) and curl 7.88's mislabeled answer must not verify. */
  @Test
  void response_negativeVectors_differ() throws Exception {
    int n = 0;
    for (JsonNode v : vectors()) {
      if (!negative(v)) {
        continue;
      }
      DigestAlgorithm a = DigestAlgorithm.SHA_512_256;
      String user = text(v, "username") != null ? text(v, "username") : "Mufasa";
      String ha1 = a.ha1(user, text(v, "realm"), text(v, "password"));
      String r = a.response(ha1, text(v, "nonce"), text(v, "nc"), text(v, "cnonce"), text(v, "qop"), text(v, "method"), text(v, "uri"));
      assertThat(r).as(text(v, "name")).isNotEqualTo(text(v, "expected_response"));
      if (v.has("HA1")) {
        assertThat(ha1).isNotEqualTo(text(v, "HA1"));
      }
      n++;
    }
    assertThat(n).isEqualTo(2);
  }

  @Test
  void byWire_caseInsensitive_unknownNull() {
    assertThat(DigestAlgorithm.byWire("sha-256-SESS")).isEqualTo(DigestAlgorithm.SHA_256_SESS);
    assertThat(DigestAlgorithm.byWire("SHA-512")).isNull();
    assertThat(DigestAlgorithm.byWire(null)).isNull();
    assertThat(DigestAlgorithm.SHA_512_256_SESS.base()).isEqualTo(DigestAlgorithm.SHA_512_256);
  }
}
