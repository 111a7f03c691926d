package portcullis.server.digest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Gateway;
import portcullis.core.SchemeDescription;
import portcullis.core.crypto.Crypto;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.scheme.digest.DigestAlgorithm;
import portcullis.core.scheme.digest.DigestOptions;
import portcullis.core.scheme.digest.DigestScheme;
import portcullis.core.scheme.digest.StoredHa1;
import portcullis.core.store.Account;
import portcullis.server.config.ConfigException;
import portcullis.server.config.SchemeOptions;
import portcullis.server.demo.Demo;
import portcullis.server.module.DemoInfo;
import portcullis.server.module.GatewayModule;
import portcullis.server.module.ModuleContext;

/**
 * HTTP Digest with the client key (seed 000, RFC 7616). Keeps one sealed HA1 per account and
 * offered base algorithm, written whenever a password is set; nonces are signed with a key derived
 * from the master key, so every node accepts every node's nonces. Configuration ({@code schemes:
 * {digest: {...}}}): {@code enabled} (default true), {@code algorithms} (default [SHA-256, MD5]),
 * {@code nonceTtlSeconds} (default 300), {@code userhash} (default true).
 */
public final class DigestModule implements GatewayModule {
  private static final Logger LOG = LoggerFactory.getLogger(DigestModule.class);
  /** The {@code schemes: {digest: {...}}} section as written; absent fields are null. */
  record Section(
      @JsonPropertyDescription("a non-empty list such as [SHA-256, MD5]") List<String> algorithms,
      @JsonPropertyDescription("true or false") Boolean enabled,
      @JsonPropertyDescription("a whole number from 10 to 86400") Number nonceTtlSeconds,
      @JsonPropertyDescription("true or false") Boolean userhash) {}
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(DigestScheme.ID, Seed000Dialect.INSTANCE)
      .withAuthorization("Digest").withCredentialHeaders(Gateway.CLIENT_KEY_HEADERS).withCredentialParams(Gateway.CLIENT_KEY_PARAMS);
  private boolean enabled;

  @Override
  public SchemeDescription description() {
    return DESCRIPTION;
  }

  @Override
  public void install(ModuleContext context) {
    Map<String, Object> o = context.options();
    checkOptions(o);
    enabled = enabled(o);
    DigestOptions options = options(o);
    DigestStore store = new DigestStore(context.database(), context.secretBox());
    if (!enabled) {
      context.registry().disable(DigestScheme.ID, "schemes.digest.enabled is false");
      int n = store.purge();
      if (n > 0) {
        LOG.info("digest is switched off: deleted {} stored HA1 values", n);
      }
      return;
    }
    CachedDigestSecrets secrets = new CachedDigestSecrets(store, context.settings().entityTtl(), context.settings().cacheMaximumSize(),
        () -> { }, context.invalidations()::trusted).monitored(context.directory().cacheMeters());
    String realm = context.settings().realm();
    context.invalidations().subscribe(event -> secrets.received(event, realm)); // the admin API publishes the account after its HA1s
    context.passwords().add((Account account, String password) -> {
      List<StoredHa1> rows = new ArrayList<>();
      for (DigestAlgorithm a : options.storedAlgorithms()) {
        rows.add(StoredHa1.compute(account, password, realm, a));
      }
      secrets.replace(account.id(), rows);
    });
    byte[] nonceKey = Crypto.hmacSha256(context.settings().masterKey().getBytes(StandardCharsets.UTF_8),
        "portcullis/digest-nonce/v1".getBytes(StandardCharsets.UTF_8));
    context.registry().register(new DigestScheme(options, secrets, nonceKey, context.clock()));
  }

  @Override
  public void checkOptions(Map<String, Object> o) {
    options(o);
  }

  @Override
  public boolean enabled(Map<String, Object> o) {
    return !Boolean.FALSE.equals(SchemeOptions.bind("digest", o, Section.class).enabled());
  }

  static DigestOptions options(Map<String, Object> o) {
    Section s = SchemeOptions.bind("digest", o, Section.class);
    List<DigestAlgorithm> algorithms = DigestOptions.DEFAULT_ALGORITHMS;
    if (s.algorithms() != null) {
      if (s.algorithms().isEmpty()) {
        throw new ConfigException("schemes.digest.algorithms must be a non-empty list such as [SHA-256, MD5], was " + s.algorithms());
      }
      algorithms = new ArrayList<>();
      for (String name : s.algorithms()) {
        DigestAlgorithm a = DigestAlgorithm.byWire(name);
        if (a == null) {
          throw new ConfigException("schemes.digest.algorithms: unknown algorithm " + name
              + " (known: MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess)");
        }
        if (algorithms.contains(a)) {
          throw new ConfigException("schemes.digest.algorithms: " + a + " is listed twice");
        }
        algorithms.add(a);
      }
    }
    Number n = s.nonceTtlSeconds() == null ? DigestOptions.DEFAULT_NONCE_TTL.toSeconds() : s.nonceTtlSeconds();
    if (n.doubleValue() != n.longValue() || n.longValue() < 10 || n.longValue() > 86400) {
      throw new ConfigException("schemes.digest.nonceTtlSeconds must be a whole number from 10 to 86400, was " + n);
    }
    return new DigestOptions(algorithms, Duration.ofSeconds(n.longValue()), !Boolean.FALSE.equals(s.userhash()));
  }

  @Override
  public String demoSection(DemoInfo demo) {
    if (!enabled) {
      return "";
    }
    String key = demo.seeded().internal().clientKey();
    String user = Demo.EMAIL + ":" + Demo.PASSWORD;
    return "# Digest + client key (RFC 7616): curl gets the 401 challenges, then answers one (SHA-256, hashed user name)\n"
        + "curl --digest -u '" + user + "' -H 'X-Client-Key: " + key + "' " + demo.baseUrl() + "/v2/whoami\n\n"
        + "# Digest with python-requests (Debian's python3-requests)\n"
        + "/usr/bin/python3 -c \"import requests; from requests.auth import HTTPDigestAuth; print(requests.get('"
        + demo.baseUrl() + "/v2/products', auth=HTTPDigestAuth('" + Demo.EMAIL + "', '" + Demo.PASSWORD
        + "'), headers={'X-Client-Key': '" + key + "'}).text)\"\n\n";
  }
}
