package portcullis.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidationTest {
  static List<Invalidation> events() {
    return List.of(new Invalidation.AccountChanged("5f7498b1-c9b1", "ali baba+api@mail.example.com"),
        new Invalidation.ClientChanged("AbC123"), new Invalidation.OAuth1TokensChanged(List.of("a1", "b2")),
        new Invalidation.OAuth1TokensChanged(List.of()), new Invalidation.OAuth1RsaKeyChanged("k"),
        new Invalidation.BearerRevoked("jti-1", Instant.ofEpochMilli(1718000000123L)), new Invalidation.BearerKeysChanged(),
        new Invalidation.KeyTokenRevoked("h"), new Invalidation.KeyTokensOfClientRevoked("c%d"), new Invalidation.DropAll());
  }

  @ParameterizedTest
  @MethodSource("events")
  void oneLine_roundTrips(Invalidation e) {
    String line = new Invalidation.Message("node1", 42, e).encode();
    assertThat(line).startsWith("pc1 node1 42 " + Invalidation.kind(e)).doesNotContain("\n").matches("[\\x21-\\x7e ]+");
    assertThat(Invalidation.Message.decode(line)).isEqualTo(new Invalidation.Message("node1", 42, e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "pc2 n 1 all", "pc1 n x all", "pc1 n 1 nosuchkind", "pc1 n 1 client", "pc1 n 1 client a b",
      "pc1 n 1 client %zz", "pc1 n 1 bearer-revoked j soon"})
  void otherLines_areIgnored(String line) {
    assertThat(Invalidation.Message.decode(line)).isNull();
  }

  @org.junit.jupiter.api.Test
  void heartbeat_hasNoEvent() {
    assertThat(new Invalidation.Message("n", 7, null).encode()).isEqualTo("pc1 n 7 hb");
    assertThat(Invalidation.Message.decode("pc1 n 7 hb")).isEqualTo(new Invalidation.Message("n", 7, null));
  }
}
