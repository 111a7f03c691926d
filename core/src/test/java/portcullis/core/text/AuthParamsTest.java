package portcullis.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import portcullis.core.testing.Fuzz;
import portcullis.core.text.AuthParams.Param;
import portcullis.core.text.AuthParams.Problem;
import portcullis.core.text.AuthParams.Syntax;

class AuthParamsTest {
  static final Syntax STRICT = Syntax.STRICT;
  static final Syntax LENIENT = Syntax.STRICT.withCaseSensitiveNames().withLenientValues().withControlsAllowed()
      .withCommaOptional().withRepeatsAllowed().withMaxParams(3);

  static List<Param> params(String s, Syntax syntax) {
    var list = AuthParams.parse(s, 0, syntax);
    assertThat(list.malformed()).as(s).isNull();
    return list.params();
  }

  static AuthParams.Malformed malformed(String s, Syntax syntax) {
    var list = AuthParams.parse(s, 0, syntax);
    assertThat(list.params()).as(s).isNull();
    return list.malformed();
  }

  @Test
  void parse_tokensQuotedStringsOwsAndEmptyElements() {
    assertThat(params(" ,A = b ,, c=\"x \\\"y\\\\ z\"\t, d=\"\",", STRICT))
        .containsExactly(new Param("a", "b"), new Param("c", "x \"y\\ z"), new Param("d", ""));
    assertThat(params("", STRICT)).isEmpty();
    assertThat(params(" , ,", STRICT)).isEmpty();
    assertThat(AuthParams.parse("Digest realm=r", 6, STRICT).params()).containsExactly(new Param("realm", "r"));
  }

  @Test
  void parse_strict_eachProblemWithNameAndPosition() {
    assertThat(malformed("a=b, =c", STRICT)).isEqualTo(new AuthParams.Malformed(Problem.UNEXPECTED_CHARACTER, null, 5));
    assertThat(malformed("a=b, c", STRICT)).isEqualTo(new AuthParams.Malformed(Problem.NO_VALUE, "c", 6));
    assertThat(malformed("Name=\"open", STRICT).problem()).isEqualTo(Problem.UNTERMINATED_QUOTE);
    assertThat(malformed("Name=\"open", STRICT).name()).isEqualTo("name");
    assertThat(malformed("a=\"x\\", STRICT).problem()).as("a backslash at the end escapes nothing").isEqualTo(Problem.UNTERMINATED_QUOTE);
    assertThat(malformed("a=\"x\u0001\"", STRICT).problem()).isEqualTo(Problem.CONTROL_CHARACTER);
    assertThat(malformed("a=\"x\\\u007f\"", STRICT).problem()).isEqualTo(Problem.CONTROL_CHARACTER);
    assertThat(params("a=\"x\ty\"", STRICT)).containsExactly(new Param("a", "x\ty"));
    assertThat(malformed("a=, b=c", STRICT).problem()).isEqualTo(Problem.INVALID_VALUE);
    assertThat(malformed("a=/x", STRICT).problem()).isEqualTo(Problem.INVALID_VALUE);
    assertThat(malformed("a=1, A=2", STRICT)).isEqualTo(new AuthParams.Malformed(Problem.REPEATED, "a", 5));
    assertThat(malformed("a=1 b=2", STRICT)).isEqualTo(new AuthParams.Malformed(Problem.MISSING_COMMA, "a", 4));
    assertThat(malformed("a=\"1\"x", STRICT).problem()).isEqualTo(Problem.MISSING_COMMA);
  }

  @Test
  void parse_options_relaxOneRuleEach() {
    assertThat(params("uri=/dir/index.html", STRICT.withExtraTokenChars("/"))).containsExactly(new Param("uri", "/dir/index.html"));
    assertThat(params("Name=v", STRICT.withCaseSensitiveNames())).containsExactly(new Param("Name", "v"));
    assertThat(params("a=1, a=2", STRICT.withRepeatsAllowed())).containsExactly(new Param("a", "1"), new Param("a", "2"));
    assertThat(params("a=\"\u0000\"", STRICT.withControlsAllowed())).containsExactly(new Param("a", "\u0000"));
    assertThat(params("a=1 b=2", STRICT.withCommaOptional())).containsExactly(new Param("a", "1"), new Param("b", "2"));
    assertThat(params("a=x%2F/\"y, b=", STRICT.withLenientValues())).containsExactly(new Param("a", "x%2F/\"y"), new Param("b", ""));
    assertThat(malformed("a=1, b=2, c=3", STRICT.withMaxParams(2))).isEqualTo(new AuthParams.Malformed(Problem.TOO_MANY, "c", 10));
    assertThat(params("Realm=\"x\" oauth_a=%41 oauth_a=\"b\"", LENIENT))
        .containsExactly(new Param("Realm", "x"), new Param("oauth_a", "%41"), new Param("oauth_a", "b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc-._~+/XYZ09==", "a"})
  void isToken68(String token) {
    assertThat(AuthParams.isToken68(token)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "==", "a=b", "a b", "a,b"})
  void isToken68_not(String notToken) {
    assertThat(AuthParams.isToken68(notToken)).isFalse();
  }

  @Test
  void isTchar() {
    assertThat("!#$%&'*+-.^_`|~aZ9".chars().allMatch(c -> AuthParams.isTchar((char) c))).isTrue();
    assertThat("\"(),/:;<=>?@[\\]{} \t\u0000\u007f\u00e9".chars().noneMatch(c -> AuthParams.isTchar((char) c))).isTrue();
  }

  @Test
  void parse_randomInput_neverThrows_paramsXorMalformed() {
    Random r = new Random(9110);
    String alphabet = "ab=\", \t\\/%*\u0001\u00e9";
    for (int i = 0; i < 50_000; i++) {
      String input = Fuzz.string(r, alphabet, 40);
      for (Syntax s : new Syntax[] {STRICT, LENIENT}) {
        var list = AuthParams.parse(input, 0, s);
        assertThat(list.params() == null).isNotEqualTo(list.malformed() == null);
      }
    }
  }
}
