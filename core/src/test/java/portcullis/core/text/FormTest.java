package portcullis.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import portcullis.core.testing.Fuzz;

class FormTest {
  @Test
  void parse_repeatedKeysPlusAndEscapes() {
    var m = Form.parse("a=1&b=x+y&a=%E2%9C%93&c&=v&&d=%zz");
    assertThat(m.get("a")).isEqualTo(List.of("1", "✓"));
    assertThat(m.get("b")).isEqualTo(List.of("x y"));
    assertThat(m.get("c")).isEqualTo(List.of(""));
    assertThat(m.get("")).isEqualTo(List.of("v"));
    assertThat(m.get("d")).isEqualTo(List.of("%zz"));
  }

  @Test
  void decode_truncatedEscapeKeptLiteral() {
    assertThat(Form.decode("abc%4", false)).isEqualTo("abc%4");
    assertThat(Form.decode("abc%", false)).isEqualTo("abc%");
    assertThat(Form.decode("a+b", false)).isEqualTo("a+b");
  }

  @Test
  void parse_fuzz_neverThrows() {
    Random r = new Random(7);
    String alphabet = "ab=&%+2F9zé\u0000";
    for (int i = 0; i < 20_000; i++) {
      Form.parse(Fuzz.string(r, alphabet, 30));
    }
  }
}
