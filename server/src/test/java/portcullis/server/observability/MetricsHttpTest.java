package portcullis.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.Ksig1Signer;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/**
 * {@code /metrics} after a scripted mix of good and bad requests: every count of {@code
 * portcullis_auth_attempts_total}, {@code portcullis_requests_total} and the duration histograms
 * matches what was sent, with the names and labels operators' dashboards use.
 */
class MetricsHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount alice = h.accountForClass("alice+metrics@example.com", "open sesame 9");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read", "write");

  /** Every sample of the scrape, as {@code name{label="value",...}} (labels sorted) → value. */
  static Map<String, Double> scrape() {
    String text = h.get("/metrics").body();
    Map<String, Double> out = new TreeMap<>();
    Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    for (String l : text.split("\n")) {
      if (l.startsWith("#") || l.isBlank()) {
        continue;
      }
      Matcher m = line.matcher(l);
      assertThat(m.matches()).as("exposition line %s", l).isTrue();
      TreeMap<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher lm = label.matcher(m.group(3));
        while (lm.find()) {
          labels.put(lm.group(1), lm.group(2));
        }
      }
      StringBuilder key = new StringBuilder(m.group(1));
      if (!labels.isEmpty()) {
        key.append('{');
        labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        key.setLength(key.length() - 1);
        key.append('}');
      }
      out.put(key.toString(), Double.parseDouble(m.group(4)));
    }
    return out;
  }

  static double attempts(Map<String, Double> s, String route, String scheme, String result, String reason) {
    return s.getOrDefault("portcullis_auth_attempts_total{reason=\"" + reason + "\",result=\"" + result + "\",route=\"" + route
        + "\",scheme=\"" + scheme + "\"}", 0.0);
  }

  static String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void scriptedMix_countsMatchWhatWasSent() throws Exception {
    Map<String, Double> before = scrape();
    String good = basic(alice.email(), alice.password());
    for (int i = 0; i < 3; i++) {
      assertThat(h.get("/v2/whoami", "Authorization", good, "X-Client-Key", app.key()).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(h.get("/v2/whoami", "Authorization", basic(alice.email(), "wrong " + i), "X-Client-Key", app.key()).statusCode())
          .isEqualTo(401);
    }
    assertThat(h.get("/v2/whoami", "Authorization", basic("nobody@example.com", "x-123456"), "X-Client-Key", app.key())
        .statusCode()).isEqualTo(401);
    assertThat(h.get("/v2/whoami", "Authorization", good, "X-Client-Key", "no-such-key").statusCode()).isEqualTo(401);
    assertThat(h.get("/v2/whoami", "X-Client-Key", app.key()).statusCode()).isEqualTo(401);
    assertThat(h.get("/v2/whoami", "Authorization", "Basic %%%", "X-Client-Key", app.key()).statusCode()).isEqualTo(400);
    // KSig1: one good request, its replay, a stale timestamp, a wrong signature
    Ksig1Signer signer = new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), null);
    HttpRequest signed = signer.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]);
    assertThat(h.send(HttpRequest.newBuilder(signed, (n, v) -> true)).statusCode()).isEqualTo(200);
    assertThat(h.send(HttpRequest.newBuilder(signed, (n, v) -> true)).statusCode()).isEqualTo(401);
    Ksig1Signer old = new Ksig1Signer(app.key(), app.secret(), Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(-900)), null);
    assertThat(h.send(HttpRequest.newBuilder(old.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]),
        (n, v) -> true)).statusCode()).isEqualTo(401);
    Ksig1Signer wrong = new Ksig1Signer(app.key(), "not-the-secret", Clock.systemUTC(), null);
    assertThat(h.send(HttpRequest.newBuilder(wrong.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]),
        (n, v) -> true)).statusCode()).isEqualTo(401);
    // refused before any route: no route (404), a malformed target (400), headers over the limit (431), a request line over it (414)
    assertThat(h.get("/no/such/route").statusCode()).isEqualTo(404);
    assertThat(raw("GET /v2/../../etc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("GET /v2/whoami HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n")).matches("(?s)HTTP/1\\.[01] 431 .*");
    assertThat(raw("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).matches("(?s)HTTP/1\\.[01] 414 .*");
    // probes are not counted
    h.get("/healthz");
    h.get("/readyz");

    Map<String, Double> after = scrape();
    Map<String, Double> d = new TreeMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    assertThat(attempts(d, "v2-whoami", "basic", "success", "none")).isEqualTo(3);
    assertThat(attempts(d, "v2-whoami", "basic", "failure", "bad_secret")).isEqualTo(2);
    assertThat(attempts(d, "v2-whoami", "basic", "failure", "unknown_key")).isEqualTo(2); // unknown user, unknown client key
    assertThat(attempts(d, "v2-whoami", "none", "failure", "missing")).isEqualTo(1);
    assertThat(attempts(d, "v2-whoami", "basic", "failure", "malformed")).isEqualTo(1);
    assertThat(attempts(d, "signed-whoami", "ksig1", "success", "none")).isEqualTo(1);
    assertThat(attempts(d, "signed-whoami", "ksig1", "failure", "replay")).isEqualTo(1);
    assertThat(attempts(d, "signed-whoami", "ksig1", "failure", "clock_skew")).isEqualTo(1);
    assertThat(attempts(d, "signed-whoami", "ksig1", "failure", "bad_signature")).isEqualTo(1);
    double total = d.entrySet().stream().filter(e -> e.getKey().startsWith("portcullis_auth_attempts_total{"))
        .mapToDouble(Map.Entry::getValue).sum();
    assertThat(total).as("every attempt accounted for").isEqualTo(13);

    assertThat(d.get("portcullis_requests_total{route=\"v2-whoami\",status=\"200\"}")).isEqualTo(3);
    assertThat(d.get("portcullis_requests_total{route=\"v2-whoami\",status=\"401\"}")).isEqualTo(5);
    assertThat(d.get("portcullis_requests_total{route=\"v2-whoami\",status=\"400\"}")).isEqualTo(1);
    assertThat(d.get("portcullis_requests_total{route=\"no-route\",status=\"404\"}")).isEqualTo(1);
    assertThat(d.get("portcullis_requests_total{route=\"pre-routing\",status=\"400\"}")).isEqualTo(1);
    assertThat(d.get("portcullis_requests_total{route=\"pre-routing\",status=\"431\"}")).isEqualTo(1);
    assertThat(d.get("portcullis_requests_total{route=\"pre-routing\",status=\"414\"}")).isEqualTo(1);
    assertThat(d.keySet()).noneMatch(k -> k.contains("healthz") || k.contains("readyz"));

    // OpenTelemetry's http.server.request.duration: seconds, its advised buckets, by route and status class
    assertThat(d.get("http_server_request_duration_seconds_count{route=\"v2-whoami\",status_class=\"2xx\"}")).isEqualTo(3);
    assertThat(d.get("http_server_request_duration_seconds_count{route=\"v2-whoami\",status_class=\"4xx\"}")).isEqualTo(6);
    assertThat(d.get("http_server_request_duration_seconds_count{route=\"signed-whoami\",status_class=\"4xx\"}")).isEqualTo(3);
    for (String le : new String[] {"0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0",
        "7.5", "10.0", "+Inf"}) {
      assertThat(after).containsKey("http_server_request_duration_seconds_bucket{le=\"" + le + "\",route=\"v2-whoami\",status_class=\"2xx\"}");
    }
    assertThat(after.get("http_server_request_duration_seconds_bucket{le=\"+Inf\",route=\"v2-whoami\",status_class=\"2xx\"}"))
        .isEqualTo(after.get("http_server_request_duration_seconds_count{route=\"v2-whoami\",status_class=\"2xx\"}"));
    // the upstream's time, for requests that reached it
    assertThat(d.get("http_client_request_duration_seconds_count{route=\"v2-whoami\",status_class=\"2xx\"}")).isEqualTo(3);
    assertThat(after).doesNotContainKey("http_client_request_duration_seconds_count{route=\"v2-whoami\",status_class=\"4xx\"}");

    // caches: hits and misses per cache, and the ratio
    assertThat(after).containsKey("portcullis_cache_hit_ratio{cache=\"clients\"}").containsKey("portcullis_cache_hit_ratio{cache=\"credentials\"}");
    assertThat(after.get("cache_gets_total{cache=\"clients\",result=\"hit\"}")).isPositive();
    assertThat(after.get("portcullis_cache_hit_ratio{cache=\"clients\"}")).isBetween(0.0, 1.0);
    // reachability and the replay store's fill level
    assertThat(after).containsKey("portcullis_store_up").containsKey("portcullis_replay_store_entries{kind=\"first_use\"}");
  }
}
