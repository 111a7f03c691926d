package portcullis.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PercentEncodingTest {
  @Test
  void encode_unreservedKept_restUpperCaseHexOfUtf8() {
    assertThat(PercentEncoding.encode("AZaz09-._~")).isEqualTo("AZaz09-._~");
    assertThat(PercentEncoding.encode("a b+c*/=&%")).isEqualTo("a%20b%2Bc%2A%2F%3D%26%25");
    assertThat(PercentEncoding.encode("é✓😀")).isEqualTo("%C3%A9%E2%9C%93%F0%9F%98%80");
    assertThat(PercentEncoding.encode(null)).isEmpty();
    assertThat(PercentEncoding.encode(new StringBuilder("x="), new byte[] {0, (byte) 0xff, 'a'}).toString()).isEqualTo("x=%00%FFa");
  }

  @Test
  void malformedAt_reportsTheFirstBrokenEscape() {
    assertThat(PercentEncoding.malformedAt("a%41%e2%9C")).isEqualTo(-1);
    assertThat(PercentEncoding.malformedAt("")).isEqualTo(-1);
    assertThat(PercentEncoding.malformedAt("%")).isEqualTo(0);
    assertThat(PercentEncoding.malformedAt("ab%4")).isEqualTo(2);
    assertThat(PercentEncoding.malformedAt("%41%zz%")).isEqualTo(3);
    assertThat(PercentEncoding.malformedAt("%4g")).isEqualTo(0);
    assertThat(PercentEncoding.malformedAt("%\u0663\u0663")).as("only ASCII hex digits").isEqualTo(0);
  }

  @Test
  void decodeStrict_nullOnMalformed_bytesOtherwise() {
    assertThat(PercentEncoding.decodeStrict("J%C3%A4+x", PercentEncoding.Literals.UTF_8))
        .isEqualTo("Jä+x".getBytes(StandardCharsets.UTF_8));
    assertThat(PercentEncoding.decodeStrict("a%2", PercentEncoding.Literals.UTF_8)).isNull();
    assertThat(PercentEncoding.decodeStrict("%%41", PercentEncoding.Literals.WIRE)).isNull();
  }

  @Test
  void decode_lenient_malformedStaysLiteral_plusOnlyInForms() {
    assertThat(PercentEncoding.decode("a+b%20c", true)).isEqualTo("a b c");
    assertThat(PercentEncoding.decode("a+b%20c", false)).isEqualTo("a+b c");
    assertThat(PercentEncoding.decode("100%", false)).isEqualTo("100%");
    assertThat(PercentEncoding.decode("%zz%4", false)).isEqualTo("%zz%4");
    assertThat(PercentEncoding.decode("%E2%9C%93é", false)).isEqualTo("✓é");
    assertThat(PercentEncoding.decode("%FF", false)).isEqualTo("\uFFFD");
  }

  @Test
  void decodeBytes_wireLiterals_areTheBytesReceived() {
    String latin1 = new String("é".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertThat(PercentEncoding.decodeBytes(latin1 + "%41", false, PercentEncoding.Literals.WIRE))
        .isEqualTo(new byte[] {(byte) 0xc3, (byte) 0xa9, 'A'});
    assertThat(PercentEncoding.decodeBytes("é", false, PercentEncoding.Literals.UTF_8)).isEqualTo(new byte[] {(byte) 0xc3, (byte) 0xa9});
    assertThat(PercentEncoding.decodeBytes("✓", false, PercentEncoding.Literals.WIRE)).isEqualTo("✓".getBytes(StandardCharsets.UTF_8));
    assertThat(PercentEncoding.wireBytes("a\u00ff😀")).isEqualTo(new byte[] {'a', (byte) 0xff, (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80});
    assertThat(PercentEncoding.wireBytes("\ud800")).isEqualTo(new byte[] {'?'});
  }

  @Test
  void roundTrip_andRandomInputNeverThrows() {
    Random r = new Random(3986);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = r.nextInt(20); j > 0; j--) {
        b.append(r.nextInt(4) == 0 ? "%+zA9".charAt(r.nextInt(5)) : (char) r.nextInt(0x3000));
      }
      String s = b.toString();
      PercentEncoding.decode(s, r.nextBoolean());
      PercentEncoding.decodeStrict(s, PercentEncoding.Literals.WIRE);
      PercentEncoding.wireBytes(s);
      String text = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(PercentEncoding.decode(PercentEncoding.encode(text), false)).isEqualTo(text);
    }
  }
}
