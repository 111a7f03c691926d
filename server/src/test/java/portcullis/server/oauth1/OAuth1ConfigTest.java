package portcullis.server.oauth1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import portcullis.server.config.ConfigException;

class OAuth1ConfigTest {
  @Test
  void trustForwardedProto_defaultFalse_booleanRequired() {
    assertThat(OAuth1Config.parse(Map.of()).trustForwardedProto()).isFalse();
    assertThat(OAuth1Config.parse(Map.of("trustForwardedProto", true)).trustForwardedProto()).isTrue();
    assertThatThrownBy(() -> OAuth1Config.parse(Map.of("trustForwardedProto", "yes")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schemes.oauth1.trustForwardedProto").hasMessageContaining("'yes'");
    assertThatThrownBy(() -> OAuth1Config.parse(Map.of("allowPlaintextOverHttp", 1)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schemes.oauth1.allowPlaintextOverHttp");
  }

  @Test
  void cookiePaths_dropPathsAnotherCovers() {
    assertThat(PageSecurity.cookiePaths(List.of("/v2/oauth/authorize", "/developers/authorized-apps")))
        .containsExactly("/v2/oauth/authorize", "/developers/authorized-apps");
    assertThat(PageSecurity.cookiePaths(List.of("/oauth/authorize/apps", "/oauth/authorize"))).containsExactly("/oauth/authorize");
    assertThat(PageSecurity.cookiePaths(List.of("/oauth/authorize", "/oauth/authorizeapps")))
        .containsExactly("/oauth/authorize", "/oauth/authorizeapps");
    assertThat(PageSecurity.cookiePaths(List.of("/p", "/p"))).containsExactly("/p");
  }
}
