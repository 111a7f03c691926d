package portcullis.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.EchoUpstream;
import portcullis.server.testing.RunningGateway;

/**
 * W3C Trace Context through the gateway, to a real upstream and on forward-auth answers, and the
 * spans exported over OTLP/HTTP to a collector on loopback (a plain HTTP server recording what it is sent).
 */
class TracingHttpTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT = "00f067aa0ba902b7";
  static final List<byte[]> exported = new CopyOnWriteArrayList<>();
  static final List<String> contentTypes = new CopyOnWriteArrayList<>();
  static HttpServer collector;

  @RegisterExtension
  @Order(1)
  static final EchoUpstream upstream = EchoUpstream.echo();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> """
      limits: {trustedProxies: [127.0.0.1/32]}
      tracing: {otlpEndpoint: "http://127.0.0.1:%2$d", serviceName: portcullis-test}
      routes:
        - {name: echo, path: /echo/**, upstream: "%1$s", schemes: [basic]}
      """.formatted(upstream.url(), startCollector()));
  static final Harness.TestAccount alice = h.accountForClass("alice+trace@example.com", "traced password 1");
  static final Harness.TestClient app = h.clientForClass(alice, false);

  static int startCollector() {
    try {
      collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    collector.createContext("/v1/traces", ex -> {
      contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
      exported.add(ex.getRequestBody().readAllBytes());
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    collector.start();
    return collector.getAddress().getPort();
  }

  @AfterAll
  static void stopCollector() {
    collector.stop(0);
  }

  static JsonObject echo(String... headers) {
    String[] all = new String[headers.length + 4];
    System.arraycopy(headers, 0, all, 0, headers.length);
    all[headers.length] = "Authorization";
    all[headers.length + 1] = basic(alice.email(), alice.password());
    all[headers.length + 2] = "X-Client-Key";
    all[headers.length + 3] = app.key();
    var r = h.get("/echo/items", all);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("headers");
  }

  @Test
  void traceparent_continued_withTheGatewaysSpanAsParent_tracestateKept() {
    JsonObject got = echo("traceparent", "00-" + TRACE + "-" + PARENT + "-01", "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    String tp = got.getString("traceparent");
    assertThat(tp).matches("00-" + TRACE + "-[0-9a-f]{16}-01").doesNotContain(PARENT);
    assertThat(got.getString("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }

  @Test
  void noOrInvalidTraceparent_aTraceIsStarted_tracestateDropped() { // flags 01 sampled, or 03: and a random trace id (W3C level 2)
    String started = echo().getString("traceparent");
    assertThat(started).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]").doesNotContain("00000000000000000000000000000000");
    JsonObject invalid = echo("traceparent", "00-" + TRACE.toUpperCase() + "-" + PARENT + "-01", "tracestate", "congo=t61rcWkgMzE");
    assertThat(invalid.getString("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]").doesNotContain(TRACE);
    assertThat(invalid.containsKey("tracestate")).isFalse();
    JsonObject twice = echo("traceparent", "00-" + TRACE + "-" + PARENT + "-01", "traceparent", "00-" + TRACE + "-" + PARENT + "-00");
    assertThat(twice.getString("traceparent")).doesNotContain(TRACE); // two traceparents: neither is believed
  }

  @Test
  void forwardAuthAnswer_carriesTheTraceparent() {
    var r = h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/echo/x", "traceparent",
        "00-" + TRACE + "-" + PARENT + "-01", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("traceparent").orElse("")).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
    var refused = h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/echo/x", "traceparent",
        "00-" + TRACE + "-" + PARENT + "-01");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("traceparent").orElse("")).startsWith("00-" + TRACE + "-");
  }

  @Test
  void spans_exportedOverOtlp_namedMethodAndRoute_withSchemeAndResult() throws Exception {
    echo("traceparent", "00-" + TRACE + "-" + PARENT + "-01");
    h.get("/echo/items", "Authorization", basic(alice.email(), "wrong password"), "X-Client-Key", app.key());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    byte[] traceId = HexFormat.of().parseHex(TRACE);
    while (System.nanoTime() < deadline) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      exported.forEach(all::writeBytes);
      String text = new String(all.toByteArray(), StandardCharsets.ISO_8859_1);
      if (text.contains("GET /echo/**") && text.contains("bad_secret")
          && text.contains(new String(traceId, StandardCharsets.ISO_8859_1))) {
        assertThat(text).contains("portcullis.auth.scheme").contains("basic").contains("portcullis.auth.result")
            .contains("success").contains("failure").contains("portcullis-test").contains("http.route")
            .doesNotContain(alice.password()).doesNotContain(app.secret());
        assertThat(contentTypes).allMatch(t -> t.startsWith("application/x-protobuf"));
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the collector did not receive the spans; " + exported.size() + " export(s)");
  }

  @BeforeAll
  static void collectorUp() {
    assertThat(collector).isNotNull();
  }
}
