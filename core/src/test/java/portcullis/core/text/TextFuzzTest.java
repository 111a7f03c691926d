package portcullis.core.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.Mutator;

/**
 * The text codecs every scheme and the server share (form/query parsing, percent-encoding, RFC
 * 9110 auth-params, the Authorization word, e-mail addresses, JSON quoting), fed mutations of
 * well-formed input: none throws, and the round trips hold (encode then decode gives the text
 * back; a quoted string is one JSON string).
 */
class TextFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void formsAndPercentEncoding_neverThrow_roundTrip() {
    FuzzRun run = FuzzRun.of("form-query-parser", 20_000);
    Mutator m = new Mutator(run.random(), List.of("grant_type=client_credentials&scope=read%20write", "a=1&b=2&a=3", "x=%C3%A9+y&=&&z",
        "client_key=ck_1&app_key=%41", "oauth_signature=abc%3D&oauth_nonce=n", "q=caf%C3%A9&e=%E2%82%AC"), "&", "=", "%", "+", "%2B");
    for (int i = 0; i < run.iterations(); i++) {
      String s = m.next();
      run.check(s, () -> {
        Map<String, List<String>> form = Form.parse(s);
        form.forEach((k, vs) -> {
          if (k == null || vs.isEmpty() || vs.contains(null)) {
            throw new AssertionError("null name or value in " + form);
          }
        });
        Form.first(s, "a");
        Form.decode(s, true);
        Form.isFormType(s);
        PercentEncoding.malformedAt(s);
        PercentEncoding.decodeStrict(s, PercentEncoding.Literals.WIRE);
        PercentEncoding.decodeBytes(s, false, PercentEncoding.Literals.UTF_8);
        PercentEncoding.wireBytes(s);
        String text = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // lone surrogates become '?'
        String decoded = PercentEncoding.decode(PercentEncoding.encode(text), false);
        if (!decoded.equals(text)) {
          throw new AssertionError("encode/decode changed the text: " + FuzzRun.escape(decoded, 200));
        }
      });
    }
    run.finish();
  }

  @Test
  void authParamsAndWords_neverThrow() {
    FuzzRun run = FuzzRun.of("auth-params-parser", 20_000);
    Mutator m = new Mutator(run.random(), List.of("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=/x, response=\"00\"",
        "OAuth realm=\"r\", oauth_consumer_key=\"ck\", oauth_signature=\"a%3D\"", "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        "Bearer abc.def.ghi", "Digest a=b,c=\"d\\\"e\",f=g", "Negotiate YII="), "=", ",", "\"", "\\", " ", "\t");
    List<AuthParams.Syntax> syntaxes = List.of(AuthParams.Syntax.STRICT, AuthParams.Syntax.STRICT.withExtraTokenChars("/"),
        AuthParams.Syntax.STRICT.withCaseSensitiveNames().withLenientValues().withControlsAllowed().withCommaOptional()
            .withRepeatsAllowed().withMaxParams(256));
    for (int i = 0; i < run.iterations(); i++) {
      String s = m.next();
      int from = run.random().nextInt(8);
      run.check(s, () -> {
        for (AuthParams.Syntax syntax : syntaxes) {
          AuthParams.ParamList list = AuthParams.parse(s, Math.min(from, s.length()), syntax);
          if (list == null || (list.params() == null) == (list.malformed() == null)) {
            throw new AssertionError("a list must be either its params or what is malformed: " + list);
          }
        }
        AuthParams.isToken68(s);
        for (String word : List.of("Basic", "Digest", "OAuth", "Bearer", "KSig1-HMAC-SHA256")) {
          AuthScheme.is(s, word);
        }
        Emails.isValid(s);
        String quoted = Json.quote(s);
        String back = JSON.readValue(quoted, String.class);
        if (!back.equals(s)) {
          throw new AssertionError("Json.quote did not round-trip: " + FuzzRun.escape(quoted, 200));
        }
      });
    }
    run.finish();
  }
}
