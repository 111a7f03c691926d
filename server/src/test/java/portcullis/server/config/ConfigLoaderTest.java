package portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  Settings parse(String yaml, Map<String, String> env) {
    return new ConfigLoader(env).parse(yaml, "test.yaml", new ConfigLoader.Overrides(null, null, dir.toString(), null));
  }

  static final String ROUTE = "routes: [{path: /x, schemes: [basic]}]\n";

  @Test
  void parse_defaults() {
    Settings s = parse(ROUTE, Map.of());
    assertThat(s.port()).isEqualTo(8080);
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.maxHeaderBytes()).isEqualTo(8192);
    assertThat(s.store().url()).startsWith("jdbc:h2:file:");
    assertThat(s.routes().get(0).clientKeyRequired()).isTrue();
    assertThat(s.routes().get(0).methods()).containsExactly("GET");
    assertThat(Files.exists(dir.resolve("master.key"))).isTrue();
    assertThat(parse(ROUTE, Map.of()).masterKey()).isEqualTo(s.masterKey());
  }

  @Test
  void parse_envSubstitutionAndOverrides() {
    Settings s = parse("adminToken: ${TOKEN}\nlisten: {port: ${PORT:-9000}}\n" + ROUTE,
        Map.of("TOKEN", "from-env-token-123", "PORTCULLIS_MASTER_KEY", "0123456789abcdef0123"));
    assertThat(s.adminToken()).isEqualTo("from-env-token-123");
    assertThat(s.port()).isEqualTo(9000);
    assertThat(s.masterKey()).isEqualTo("0123456789abcdef0123");
    assertThatThrownBy(() -> parse("adminToken: ${MISSING}\n" + ROUTE, Map.of()))
        .hasMessageContaining("MISSING is not set");
  }

  @Test
  void parse_refusesBadValuesNamingTheField() {
    assertThatThrownBy(() -> parse("listen: {port: 70000}\n" + ROUTE, Map.of())).hasMessageContaining("listen.port").hasMessageContaining("70000");
    assertThatThrownBy(() -> parse("lissten: {port: 1}\n" + ROUTE, Map.of())).hasMessageContaining("lissten");
    assertThatThrownBy(() -> parse("routes: []", Map.of())).hasMessageContaining("at least one route");
    assertThatThrownBy(() -> parse("routes: [{path: x, schemes: [basic]}]", Map.of())).hasMessageContaining("routes[0].path");
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic], methods: [FETCH]}]", Map.of())).hasMessageContaining("FETCH");
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic], clientKey: maybe}]", Map.of())).hasMessageContaining("clientKey");
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic], upstream: ftp://x}]", Map.of())).hasMessageContaining("upstream");
    assertThatThrownBy(() -> parse("scopes: [read]\nroutes: [{path: /x, schemes: [basic], scopes: [write]}]", Map.of()))
        .hasMessageContaining("write");
    assertThatThrownBy(() -> parse("adminToken: short\n" + ROUTE, Map.of())).hasMessageContaining("adminToken");
    assertThatThrownBy(() -> parse("schemes: {kerberos: {}}\n" + ROUTE, Map.of())).hasMessageContaining("kerberos");
    assertThatThrownBy(() -> parse("schemes: {keytoken: {tokenTtlSeconds: null}}\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schemes.keytoken.tokenTtlSeconds has no value");
    assertThatThrownBy(() -> parse("schemes:\n  digest:\n    nonceTtlSeconds:\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schemes.digest.nonceTtlSeconds has no value");
    assertThatThrownBy(() -> parse("store: {url: 'jdbc:mysql://x'}\n" + ROUTE, Map.of())).hasMessageContaining("jdbc:h2:");
  }

  @Test
  void parse_badUpstreamUrl_namesTheField() {
    for (String url : new String[] {"http://", "'http://exa mple/x'", "'http://h:99999/'", "'http://u:p@h/'", "'http://h/?q=1'"}) {
      assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic], upstream: " + url + "}]", Map.of()))
          .as(url).isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].upstream");
    }
    assertThat(parse("routes: [{path: /x, schemes: [basic], upstream: 'https://api.example.com:8443/base/'}]", Map.of())
        .routes().get(0).upstream()).isEqualTo("https://api.example.com:8443/base/");
  }

  @Test
  void parse_unknownRouteOption_namesTheField() {
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [ksig1], options: {ksig1.debg: 'true'}}]", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].options.ksig1.debg").hasMessageContaining("ksig1.debug");
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [ksig1], options: {ksig1.debug: 'yes'}}]", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].options.ksig1.debug");
    assertThat(parse("routes: [{path: /x, schemes: [ksig1], options: {ksig1.debug: 'true', ksig1.requireToken: false}}]",
        Map.of()).routes().get(0).options()).containsEntry("ksig1.debug", "true");
  }

  @Test
  void parse_doubleStarOnlyAtTheEnd() {
    assertThatThrownBy(() -> parse("routes: [{path: /a/**/b, schemes: [basic]}]", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].path");
    assertThat(parse("routes: [{path: /a/*/b/**, schemes: [basic]}]", Map.of()).routes()).hasSize(1);
  }

  @Test
  void parse_numbersBeyondIntRange_refusedNotTruncated() {
    assertThatThrownBy(() -> parse("cache: {credentialTtlSeconds: 4294967306}\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cache.credentialTtlSeconds").hasMessageContaining("4294967306");
    assertThatThrownBy(() -> parse("secretRotationOverlapSeconds: 4294967296\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("secretRotationOverlapSeconds");
  }

  @Test
  void parse_examplesFile_runsWithTheReadmesTwoVariables() {
    Path example = Path.of("..", "examples", "portcullis.yaml");
    Settings s = new ConfigLoader(Map.of("PORTCULLIS_MASTER_KEY", "0123456789abcdef0123456789", "PORTCULLIS_ADMIN_TOKEN",
        "change-me-please")).load(example, new ConfigLoader.Overrides(null, null, dir.toString(), null));
    assertThat(s.adminToken()).isEqualTo("change-me-please");
    assertThat(s.store().url()).as("embedded unless PORTCULLIS_STORE_URL is set").startsWith("jdbc:h2:file:");
    Settings pg = new ConfigLoader(Map.of("PORTCULLIS_MASTER_KEY", "0123456789abcdef0123456789",
        "PORTCULLIS_ADMIN_TOKEN", "change-me-please", "PORTCULLIS_STORE_URL", "jdbc:postgresql://127.0.0.1:5432/portcullis",
        "PORTCULLIS_STORE_PASSWORD", "pw"))
        .load(example, new ConfigLoader.Overrides(null, null, dir.toString(), null));
    assertThat(pg.store().isPostgres()).isTrue();
  }

  @Test
  void parse_redis_urlFromFileOrEnv_passwordNeverShown() {
    assertThat(parse(ROUTE, Map.of()).redis()).as("no redis.url: single node").isNull();
    Settings s = parse("redis: {url: 'redis://cache.internal:6380/2', password: 's3cret-pw'}\n" + ROUTE, Map.of());
    assertThat(s.redis().url()).isEqualTo("redis://cache.internal:6380/2");
    assertThat(s.redis().password()).isEqualTo("s3cret-pw");
    assertThat(s.redis().tls()).isFalse();
    assertThat(s.toString()).contains("redis://cache.internal:6380/2").doesNotContain("s3cret-pw");
    Settings env = parse("redis: {url: 'redis://ignored:1/0'}\n" + ROUTE,
        Map.of("PORTCULLIS_REDIS_URL", "rediss://:hunter2-pw@cache:6379/0", "PORTCULLIS_REDIS_PASSWORD", ""));
    assertThat(env.redis().url()).isEqualTo("rediss://:hunter2-pw@cache:6379/0");
    assertThat(env.redis().tls()).isTrue();
    assertThat(env.redis().safeUrl()).isEqualTo("rediss://***@cache:6379/0");
    assertThat(env.toString()).doesNotContain("hunter2");
    assertThat(parse("redis: {url: 'redis://[::1]'}\n" + ROUTE, Map.of()).redis().url()).isEqualTo("redis://[::1]");
  }

  @Test
  void parse_redis_badValues_nameTheKey_neverThePassword() {
    for (String url : new String[] {"http://cache:6379", "redis://", "redis://cache:99999/0", "redis://cache:6379/x",
        "cache:6379", "redis://:hunter2@cache/0?x=1"}) {
      assertThatThrownBy(() -> parse("redis: {url: '" + url + "'}\n" + ROUTE, Map.of())).as(url)
          .isInstanceOf(ConfigException.class).hasMessageContaining("redis.url").hasMessageNotContaining("hunter2");
    }
    assertThatThrownBy(() -> parse("redis: {password: 'p'}\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("redis.url");
    assertThatThrownBy(() -> parse("redis: {url: 'redis://:a@cache/0', password: 'b'}\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("redis.password");
    assertThatThrownBy(() -> parse("redis: {url: 'redis://cache/0', pasword: 'b'}\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("pasword");
  }

  @Test
  void parse_postgresNeedsMasterKey() {
    assertThatThrownBy(() -> parse("store: {url: 'jdbc:postgresql://127.0.0.1/x'}\n" + ROUTE, Map.of()))
        .hasMessageContaining("masterKey is required");
  }

  @Test
  void parse_challengeOrder_mustListEachOfTheRoutesSchemesOnce() {
    assertThat(parse("routes: [{path: /x, schemes: [basic, digest]}]", Map.of()).routes().get(0).challenges()).isNull();
    assertThat(parse("routes: [{path: /x, schemes: [basic, digest], challenges: [basic, digest]}]", Map.of()).routes().get(0)
        .challenges()).containsExactly("basic", "digest");
    for (String bad : new String[] {"[digest]", "[basic, digest, oauth1]", "[basic, basic]", "[digest, digest, basic]"}) {
      assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic, digest], challenges: " + bad + "}]", Map.of()))
          .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].challenges must list each of the route's schemes");
    }
  }

  @Test
  void parse_unknownSchemeOrDialectInARoute_refusedNamingTheRoute() {
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic, nope]}]", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].schemes").hasMessageContaining("unknown scheme 'nope'")
        .hasMessageContaining("basic, bearer, digest");
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic], dialect: seed999}]", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0].dialect").hasMessageContaining("seed999")
        .hasMessageContaining("seed000");
    assertThatThrownBy(() -> parse("schemes: {digest: {enabled: false}}\nroutes: [{path: /x, schemes: [basic, digest]}]", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routes[0]").hasMessageContaining("'digest' is switched off");
    assertThat(parse("routes: [{path: /x, schemes: [keytoken], dialect: keytoken}]", Map.of()).routes()).hasSize(1);
  }

  @Test
  void parse_duplicateKey_refusedNamingKeyAndLine() {
    String[][] cases = {
        {"listen:\n  port: 8080\nlisten:\n  port: 9999\n" + ROUTE, "'listen'", "line 3"},
        {"listen:\n  port: 8080\n  port: 9999\n" + ROUTE, "'port'", "line 3"},
        {"routes:\n  - path: /x\n    schemes: [basic]\n    path: /y\n", "'path'", "line 4"},
        {"schemes:\n  ksig1:\n    clockSkewSeconds: 10\n    clockSkewSeconds: 20\n" + ROUTE, "'clockSkewSeconds'", "line 4"}};
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(c[0], Map.of())).as(c[0]).isInstanceOf(ConfigException.class)
          .hasMessageContaining("test.yaml").hasMessageContaining("duplicate key " + c[1]).hasMessageContaining(c[2])
          .hasNoCause().satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n\tat ").doesNotContain("com.fasterxml"));
    }
  }

  /** A mistake anywhere, including a module's own section, stops start-up before the master key file (or any file) is made. */
  @Test
  void parse_anyMistake_createsNoFileInDataDir() throws Exception {
    Path data = dir.resolve("data");
    String[] bad = {
        "adminToken: short\n" + ROUTE,
        "realm: 'bad \"realm'\n" + ROUTE,
        "replayCacheSize: 5\n" + ROUTE,
        "schemes: {kerberos: {}}\n" + ROUTE,
        "schemes: {oauth1: {nope: 1}}\n" + ROUTE,
        "schemes: {oauth1: {timestampWindowSeconds: -5}}\n" + ROUTE,
        "schemes: {basic: {realm: x}}\n" + ROUTE,
        "schemes: {digest: {algorithms: [MD4]}}\n" + ROUTE,
        "schemes: {bearer: {algorithm: none}}\n" + ROUTE,
        "schemes: {keytoken: {tokenTtlSeconds: -1}}\n" + ROUTE,
        "schemes: {ksig1: {clockSkewSeconds: 0}}\n" + ROUTE,
        "routes: [{path: /x, schemes: [basci]}]\n",
        "routes: [{path: /x, schemes: [basic]}, {path: /y, schemes: [basic], scopes: ['bad scope']}]\n"};
    for (String yaml : bad) {
      assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(yaml, "t", new ConfigLoader.Overrides(null, null, data.toString(), null)))
          .as(yaml).isInstanceOf(ConfigException.class);
      assertThat(data).as(yaml).doesNotExist();
    }
    new ConfigLoader(Map.of()).parse(ROUTE, "t", new ConfigLoader.Overrides(null, null, data.toString(), null));
    assertThat(data.resolve("master.key")).exists();
  }

  @Test
  void start_basicHasNoOptions_anyFieldIsRefused() {
    assertThatThrownBy(() -> portcullis.server.http.PortcullisServer.start(
        new ConfigLoader(Map.of()).parse("schemes: {basic: {realm: x}}\n" + ROUTE, "t",
            new ConfigLoader.Overrides("127.0.0.1", 0, dir.toString(), null))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schemes.basic.realm");
  }

  @Test
  void parse_routeOptions_unknownNameOrNonBooleanValueRefused() {
    Settings s = parse("routes: [{path: /x, schemes: [ksig1], options: {ksig1.debug: \"true\", ksig1.requireToken: false}}]", Map.of());
    assertThat(s.routes().get(0).options()).containsEntry("ksig1.debug", "true").containsEntry("ksig1.requireToken", "false");
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [ksig1], options: {ksig1.requireTokens: \"true\"}}]", Map.of()))
        .hasMessageContaining("routes[0].options").hasMessageContaining("ksig1.requireTokens").hasMessageContaining("ksig1.requireToken");
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [ksig1], options: {ksig1.requireToken: \"yes\"}}]", Map.of()))
        .hasMessageContaining("routes[0].options.ksig1.requireToken").hasMessageContaining("yes");
  }

  @Test
  void parse_upstreamWithUserInfo_refusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> parse("routes: [{path: /x, schemes: [basic], upstream: \"http://svc:${UPSTREAM_PASSWORD}@backend:8081/\"}]",
        Map.of("UPSTREAM_PASSWORD", "hunter2-secret")))
        .hasMessageContaining("routes[0].upstream").hasMessageContaining("http://***@backend:8081/")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("hunter2-secret"));
  }

  @Test
  void scopes_namesOrNamesWithDescriptions_mixedFreely_inTheOrderGiven() {
    Settings plain = parse("scopes: [read, write]\n" + ROUTE, Map.of());
    assertThat(plain.declaredScopes()).containsExactly("read", "write");
    assertThat(plain.scopeDescription("read")).isEmpty();
    Settings described = parse("""
        scopes:
          - {name: read, description: "  Read your <products> & orders  "}
          - write
          - name: products:write
        """ + ROUTE, Map.of());
    assertThat(described.declaredScopes()).containsExactly("read", "write", "products:write");
    assertThat(described.scopeDescription("read")).isEqualTo("Read your <products> & orders");
    assertThat(described.scopeDescription("write")).isEmpty();
    assertThat(described.scopeDescription("products:write")).isEmpty();
    assertThat(described.scopeDescription("undeclared")).isEmpty();
    assertThat(parse("scopes:\n  - {name: read}\nroutes: [{path: /x, schemes: [basic], scopes: [read]}]\n", Map.of())
        .routes().get(0).scopes()).containsExactly("read");
  }

  @Test
  void scopes_badEntries_refusedNamingTheKey() {
    assertThatThrownBy(() -> parse("scopes: [{description: no name}]\n" + ROUTE, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scopes[0].name: required");
    assertThatThrownBy(() -> parse("scopes: [read, {name: write, descripton: typo}]\n" + ROUTE, Map.of()))
        .hasMessageContaining("scopes[1]: unknown field 'descripton'");
    assertThatThrownBy(() -> parse("scopes: [{name: read, description: [a, b]}]\n" + ROUTE, Map.of()))
        .hasMessageContaining("scopes[0].description: must be text");
    assertThatThrownBy(() -> parse("scopes: [{name: read, description: \"" + "x".repeat(201) + "\"}]\n" + ROUTE, Map.of()))
        .hasMessageContaining("scopes[0].description: at most 200 characters");
    assertThatThrownBy(() -> parse("scopes: [{name: read, description: \"a\\nb\"}]\n" + ROUTE, Map.of()))
        .hasMessageContaining("scopes[0].description: must not contain control characters");
    assertThatThrownBy(() -> parse("scopes: [{name: 'bad scope', description: x}]\n" + ROUTE, Map.of()))
        .hasMessageContaining("scopes: 'bad scope' is not a valid scope name");
    assertThatThrownBy(() -> parse("scopes: [read, {name: read, description: again}]\n" + ROUTE, Map.of()))
        .hasMessageContaining("scopes[1]: scope 'read' is declared twice");
    assertThatThrownBy(() -> parse("scopes: [[read]]\n" + ROUTE, Map.of()))
        .hasMessageContaining("scopes[0]: must be a scope name or {name, description}");
    assertThatThrownBy(() -> parse("scopes: [{name: read, name: write}]\n" + ROUTE, Map.of())).hasMessageContaining("name");
  }
}
