package portcullis.server.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import portcullis.core.RouteOption;

/**
 * What the built-in modules' descriptions derive to is exactly what was hard-coded before they
 * described themselves (ConfigLoader's SCHEMES, ROUTE_OPTIONS and DIALECTS, Hop's CREDENTIALS and
 * CREDENTIAL_PARAMS and its {@code oauth_} prefix, KeyTokenParser's deny-list): a module that stops
 * declaring something shows here.
 */
class ModulesTest {
  final Modules m = Modules.builtIn();

  @Test
  void schemeIds() {
    assertThat(m.ids()).containsExactly("basic", "bearer", "digest", "keytoken", "ksig1", "mtls", "oauth1");
    assertThat(m.entries()).extracting(Modules.Entry::id).containsExactly("basic", "digest", "oauth1", "keytoken", "ksig1", "bearer", "mtls");
  }

  @Test
  void dialects() {
    assertThat(m.dialects()).containsExactly("keytoken", "ksig1", "oauth2", "seed000");
    assertThat(m.scheme("digest").orElseThrow().dialect().id()).isEqualTo("seed000");
    assertThat(m.scheme("bearer").orElseThrow().dialect().id()).isEqualTo("oauth2");
  }

  @Test
  void routeOptions_allFlags() {
    assertThat(m.routeOptions()).isEqualTo(Map.of(
        "keytoken.public", RouteOption.flag("keytoken.public"),
        "ksig1.debug", RouteOption.flag("ksig1.debug"),
        "ksig1.requireToken", RouteOption.flag("ksig1.requireToken"),
        "mtls.bind", RouteOption.flag("mtls.bind"),
        "oauth1.requireNonce", RouteOption.flag("oauth1.requireNonce")));
    assertThat(m.scheme("ksig1").orElseThrow().routeOptions()).extracting(RouteOption::name)
        .containsExactly("ksig1.debug", "ksig1.requireToken");
  }

  @Test
  void credentialHeadersAndParameters() {
    assertThat(m.credentialHeaders()).containsExactlyInAnyOrder("authorization", "x-client-key", "x-app-key", "x-api-key", "x-api-auth-token");
    assertThat(m.credentialParams()).containsExactlyInAnyOrder("client_key", "app_key", "access_token");
    assertThat(m.credentialParamPrefixes()).containsExactly("oauth_");
  }

  @Test
  void authorizationWords_ofTheOthers() {
    assertThat(m.authorizationWordsExcept("keytoken")).containsExactlyInAnyOrder("Basic", "Digest", "Bearer", "OAuth", "KSig1-HMAC-SHA256");
    assertThat(m.authorizationWordsExcept("basic")).containsExactlyInAnyOrder("Digest", "Bearer", "OAuth", "KSig1-HMAC-SHA256");
    assertThat(m.scheme("keytoken").orElseThrow().hasAuthorizationWord()).isFalse();
  }

  @Test
  void twoModulesDescribingOneScheme_refused() {
    assertThatThrownBy(() -> m.plus(List.of(BasicModule::new))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'basic'");
  }
}
