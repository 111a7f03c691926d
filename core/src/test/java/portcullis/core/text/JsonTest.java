package portcullis.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void quote_escapesControlAndQuotes() {
    assertThat(Json.quote("a\"b\\c\n\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
  }
}
