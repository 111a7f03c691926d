package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.config.ConfigException;
import portcullis.server.config.ConfigLoader;
import portcullis.server.module.Modules;
import portcullis.server.testing.EchoUpstream;
import portcullis.server.testing.RunningGateway;

/**
 * Adding a scheme is adding its module: {@link XTestModule}, registered here only, gets its route
 * option checked, its credentials stripped toward the upstream (headers, query, form bodies,
 * forward-auth's {@code X-Portcullis-Uri}) and its {@code Authorization} word left alone by the
 * key-token scheme, with no line of the gateway naming it.
 */
class ExtraSchemeHttpTest {
  static final Modules WITH_X_TEST = Modules.builtIn().plus(List.of(XTestModule::new));
  @RegisterExtension
  @Order(1)
  static final EchoUpstream upstream = EchoUpstream.echo();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> """
      limits: {trustedProxies: [127.0.0.1/32]}
      routes:
        - {path: /x/**, methods: [GET, POST], upstream: "%1$s", schemes: [x-test]}
        - {path: /strict, upstream: "%1$s", schemes: [x-test], options: {x-test.mode: strict}}
        - {path: /basic/**, upstream: "%1$s", schemes: [basic]}
        - {path: /kt, upstream: "%1$s", schemes: [keytoken, x-test], dialect: keytoken}
      """.formatted(upstream.url()), InstantSource.system(), WITH_X_TEST);
  static final Harness.TestClient c = h.clientForClass(h.accountForClass(), false, "read");

  @Test
  void headerAndQueryCredentials_neverReachTheUpstream() {
    var r = h.get("/x/items?keep=1&test_token=" + c.key() + "&test%5Ftoken=again", XTestModule.HEADER, c.key(), "X-Kept", "yes");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject seen = json(r);
    assertThat(seen.getString("uri")).isEqualTo("/x/items?keep=1");
    JsonObject hd = seen.getJsonObject("headers");
    assertThat(hd.getString("x-portcullis-scheme")).isEqualTo("x-test");
    assertThat(hd.getString("x-portcullis-client")).isEqualTo(c.key());
    assertThat(hd.getString("x-kept")).isEqualTo("yes");
    assertThat(hd.fieldNames()).doesNotContain("x-test-token");
  }

  @Test
  void formBodyCredentials_stripped() {
    var r = h.send(h.request("/x/form").header(XTestModule.HEADER, c.key()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("a=1&test_token=" + c.key() + "&b=2")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("body")).isEqualTo("a=1&b=2");
  }

  @Test
  void itsCredentials_strippedOnOtherSchemesRoutesToo() {
    var r = h.get("/basic/a?test_token=stray", "Authorization", basic(c.owner().email(), c.owner().password()), "X-Client-Key", c.key(),
        XTestModule.HEADER, "stray", "X_Test_Token", "stray");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("uri")).isEqualTo("/basic/a");
    assertThat(json(r).getJsonObject("headers").fieldNames()).doesNotContain("x-test-token", "x_test_token");
  }

  @Test
  void forwardAuth_upstreamUriWithoutItsParameter() {
    var r = h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/x/a?test_token=" + c.key() + "&keep=1");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Portcullis-Uri")).hasValue("/x/a?keep=1");
    assertThat(r.headers().firstValue("X-Portcullis-Scheme")).hasValue("x-test");
  }

  @Test
  void keyTokenScheme_leavesItsAuthorizationWordAlone() {
    var r = h.get("/kt", "Authorization", "XTest " + c.key());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getJsonObject("headers").getString("x-portcullis-scheme")).isEqualTo("x-test");
    assertThat(json(r).getJsonObject("headers").fieldNames()).doesNotContain("authorization");
  }

  @Test
  void routeOption_readByTheScheme() {
    assertThat(h.get("/strict?test_token=" + c.key()).statusCode()).isEqualTo(400);
    assertThat(h.get("/strict", XTestModule.HEADER, c.key()).statusCode()).isEqualTo(200);
  }

  @Test
  void configuration_checkedAgainstItsDescription() throws IOException {
    String dir = Files.createTempDirectory("portcullis-xtest").toString();
    ConfigLoader with = new ConfigLoader(Map.of(), WITH_X_TEST);
    ConfigLoader builtIn = new ConfigLoader(Map.of());
    var o = new ConfigLoader.Overrides(null, null, dir, null);
    String route = "routes: [{path: /x, schemes: [x-test], options: {x-test.mode: %s}}]";
    assertThat(with.parse(route.formatted("Strict"), "t", o).routes().get(0).options()).containsEntry("x-test.mode", "Strict");
    assertThatThrownBy(() -> with.parse(route.formatted("sideways"), "t", o)).isInstanceOf(ConfigException.class)
        .hasMessage("routes[0].options.x-test.mode must be one of strict, lenient, was sideways");
    assertThatThrownBy(() -> with.parse("routes: [{path: /x, schemes: [basic], options: {x-test.mod: strict}}]", "t", o))
        .hasMessage("routes[0].options.x-test.mod: unknown option"
            + " (known: keytoken.public, ksig1.debug, ksig1.requireToken, mtls.bind, oauth1.requireNonce, x-test.mode)");
    assertThatThrownBy(() -> with.parse("schemes: {x-test: {strict: true}}\nroutes: [{path: /x, schemes: [x-test]}]", "t", o))
        .hasMessageContaining("schemes.x-test.strict: unknown field");
    assertThatThrownBy(() -> builtIn.parse("routes: [{path: /x, schemes: [x-test]}]", "t", o))
        .hasMessage("routes[0].schemes: unknown scheme 'x-test' (known: basic, bearer, digest, keytoken, ksig1, mtls, oauth1)");
    assertThatThrownBy(() -> builtIn.parse(route.formatted("strict").replace("x-test]", "basic]"), "t", o))
        .hasMessageContaining("routes[0].options.x-test.mode: unknown option");
  }
}
