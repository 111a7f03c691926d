package portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every module's schemes: section is bound by Jackson: unknown fields and wrong types name the section and field. */
class SchemeOptionsTest {
  @TempDir Path dir;

  static final String ROUTE = "routes: [{path: /x, schemes: [basic]}]\n";

  Settings parse(String yaml) {
    return new ConfigLoader(Map.of()).parse(yaml, "test.yaml", new ConfigLoader.Overrides(null, null, dir.toString(), null));
  }

  void refused(String section, String message) {
    assertThatThrownBy(() -> parse("schemes: {" + section + "}\n" + ROUTE)).as(section)
        .isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @Test
  void unknownField_namesSectionFieldAndTheKnownOnes() {
    refused("bearer: {ttl: 5}", "schemes.bearer.ttl: unknown field (known: algorithm, allowQueryToken, issuer, keyRotationSeconds, ttlSeconds)");
    refused("keytoken: {ttl: 5}", "schemes.keytoken.ttl: unknown field (known: clockSkewSeconds, tokenTtlSeconds)");
    refused("ksig1: {skew: 5}", "schemes.ksig1.skew: unknown field (known: clockSkewSeconds)");
    refused("digest: {userHash: false}", "schemes.digest.userHash: unknown field (known: algorithms, enabled, nonceTtlSeconds, userhash)");
    refused("oauth1: {nope: 1}", "schemes.oauth1.nope: unknown field (known: accessTokenPath, allowPlaintextOverHttp, authorizePath,"
        + " authorizedAppsPath, baseUrl, requestTokenPath, requestTokenTtlSeconds, timestampWindowSeconds, trustForwardedProto)");
  }

  @Test
  void wrongType_namesSectionFieldWhatItMustBeAndTheValue() {
    refused("bearer: {ttlSeconds: 1.5}", "schemes.bearer.ttlSeconds must be a whole number of seconds, was 1.5");
    refused("bearer: {ttlSeconds: '600'}", "schemes.bearer.ttlSeconds must be a whole number of seconds, was '600'");
    refused("bearer: {allowQueryToken: 'true'}", "schemes.bearer.allowQueryToken must be true or false, was 'true'");
    refused("bearer: {algorithm: 5}", "schemes.bearer.algorithm must be ES256, EdDSA or HS256, was 5");
    refused("bearer: {issuer: [a]}", "schemes.bearer.issuer must be a string, was [a]");
    refused("digest: {enabled: 'yes'}", "schemes.digest.enabled must be true or false, was 'yes'");
    refused("digest: {algorithms: MD5}", "schemes.digest.algorithms must be a non-empty list such as [SHA-256, MD5], was 'MD5'");
    refused("digest: {algorithms: [5]}", "schemes.digest.algorithms: unknown algorithm 5"
        + " (known: MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess)");
    refused("digest: {algorithms: [[MD5]]}", "schemes.digest.algorithms[0] must be a string, was [MD5]");
    refused("digest: {nonceTtlSeconds: '60'}", "schemes.digest.nonceTtlSeconds must be a whole number from 10 to 86400, was '60'");
    refused("keytoken: {tokenTtlSeconds: abc}", "schemes.keytoken.tokenTtlSeconds must be a whole number of seconds, was 'abc'");
    refused("ksig1: {clockSkewSeconds: true}", "schemes.ksig1.clockSkewSeconds must be a whole number of seconds from 1 to 3600, was true");
    refused("oauth1: {trustForwardedProto: maybe}", "schemes.oauth1.trustForwardedProto must be true or false, was 'maybe'");
    refused("oauth1: {allowPlaintextOverHttp: 1}", "schemes.oauth1.allowPlaintextOverHttp must be true or false, was 1");
    refused("oauth1: {timestampWindowSeconds: 2.0}", "schemes.oauth1.timestampWindowSeconds must be a whole number from 1 to 3600, was 2.0");
    refused("oauth1: {baseUrl: {a: b}}", "schemes.oauth1.baseUrl must be a non-empty string, was {a=b}");
  }

  @Test
  void rangesAndFormats_stillTheModulesOwnMessages() {
    refused("keytoken: {tokenTtlSeconds: 60.5}", "schemes.keytoken.tokenTtlSeconds must be a whole number of seconds, was 60.5");
    refused("keytoken: {tokenTtlSeconds: 10}", "schemes.keytoken.tokenTtlSeconds must be between 60 and 2592000 s, was 10");
    refused("ksig1: {clockSkewSeconds: 0}", "schemes.ksig1.clockSkewSeconds must be a whole number of seconds from 1 to 3600, was 0");
    refused("digest: {nonceTtlSeconds: 5}", "schemes.digest.nonceTtlSeconds must be a whole number from 10 to 86400, was 5");
    refused("digest: {algorithms: []}", "schemes.digest.algorithms must be a non-empty list such as [SHA-256, MD5], was []");
    refused("oauth1: {timestampWindowSeconds: -5}", "schemes.oauth1.timestampWindowSeconds: must be a whole number from 1 to 3600, was '-5'");
    refused("bearer: {algorithm: none}", "schemes.bearer.algorithm must be ES256, EdDSA or HS256, was none");
  }

  @Test
  void wholeNumbersWrittenWithAPointZero_acceptedWhereTheyWereBefore() {
    Settings s = parse("schemes: {keytoken: {tokenTtlSeconds: 120.0}, ksig1: {clockSkewSeconds: 30.0}, digest: {nonceTtlSeconds: 60.0}}\n" + ROUTE);
    assertThat(s.schemeOptions("keytoken")).containsEntry("tokenTtlSeconds", 120.0);
  }
}
