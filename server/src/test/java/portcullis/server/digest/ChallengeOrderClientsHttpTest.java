package portcullis.server.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.NodeClients;
import portcullis.server.testing.RunningGateway;

/**
 * The order of the 401's {@code WWW-Authenticate} challenges on a route that accepts Basic, Digest
 * and OAuth 1.0a (the demo's {@code [basic, digest, oauth1]}), with the real clients that read them:
 * httpie {@code -A digest} (python-requests' HTTPDigestAuth: answers only when the comma-joined header
 * starts with Digest), npm digest-fetch (takes the joined header's first word as its scheme), wget
 * 1.21 (aborts, exit 134, when the last challenge is a scheme it does not know) and curl
 * {@code --anyauth} (the strongest, wherever it is). The default order, Digest first and Basic last,
 * works with each; {@code challenges:} on a route sets another.
 */
class ChallengeOrderClientsHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml() + """
        - name: basic-first
          path: /basic-first/whoami
          upstream: sample
          schemes: [basic, digest, oauth1]
          challenges: [basic, oauth1, digest]
      """);
  static final Harness.TestAccount alice = h.accountForClass("alice+order@example.com", "open sesame 3");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");

  static List<String> challengeWords(String path) {
    return h.get(path).headers().allValues("WWW-Authenticate").stream().map(c -> c.substring(0, c.indexOf(" algorithm=") > 0
        ? c.indexOf(", nonce") : c.indexOf(' '))).toList();
  }

  @Test
  void defaultOrder_digestFirst_basicLast() {
    assertThat(challengeWords("/v2/whoami")).containsExactly(
        "Digest realm=\"Portcullis Demo\", qop=\"auth\", algorithm=SHA-256",
        "Digest realm=\"Portcullis Demo\", qop=\"auth\", algorithm=MD5",
        "OAuth", "Basic");
  }

  @Test
  void perRouteOrder_asConfigured() {
    List<String> words = challengeWords("/basic-first/whoami");
    assertThat(words).hasSize(4);
    assertThat(words.get(0)).isEqualTo("Basic");
    assertThat(words.get(1)).isEqualTo("OAuth");
    assertThat(words.get(2)).startsWith("Digest");
    assertThat(words.get(3)).startsWith("Digest");
  }

  @Test
  void httpie_digest() {
    Harness.Run r = Harness.run("/usr/bin/http", "--ignore-stdin", "--check-status", "--timeout", "30", "-A", "digest",
        "-a", alice.email() + ":" + alice.password(), "GET", h.base + "/v2/whoami", "X-Client-Key:" + app.key());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\"scheme\":\"digest\"").contains(app.key());
  }

  @Test
  void wget() {
    Harness.Run r = Harness.run("wget", "-q", "-O", "-", "--tries=1", "--timeout=30", "--user=" + alice.email(),
        "--password=" + alice.password(), "--header=X-Client-Key: " + app.key(), h.base + "/v2/whoami");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains(app.key()).contains("\"account\":\"" + alice.id() + "\"");
  }

  @Test
  void digestFetch() {
    Harness.Run r = NodeClients.node(Map.of("URL", h.base + "/v2/whoami", "USER_NAME", alice.email(),
        "PASSWORD", alice.password(), "CLIENT_KEY", app.key()), "digest-fetch.cjs");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("200 ").contains("\"scheme\":\"digest\"");
  }

  @Test
  void curlAnyauth_picksDigest() {
    String[] r = Harness.curl("--anyauth", "-u", alice.email() + ":" + alice.password(), "-H", "X-Client-Key: " + app.key(),
        h.base + "/v2/whoami");
    assertThat(r[1]).isEqualTo("200");
    assertThat(r[0]).contains("\"scheme\":\"digest\"");
  }
}
