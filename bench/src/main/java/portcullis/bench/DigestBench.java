package portcullis.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import portcullis.core.Directory;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.scheme.digest.DigestAlgorithm;
import portcullis.core.scheme.digest.DigestOptions;
import portcullis.core.scheme.digest.DigestScheme;
import portcullis.core.scheme.digest.DigestSecrets;
import portcullis.core.scheme.digest.StoredHa1;
import portcullis.core.store.Account;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.Client;
import portcullis.core.store.ClientStatus;

/**
 * The Digest verification path (parse, nonce HMAC, response hashes, nonce-count update, client
 * checks) with every lookup answered from memory, as on the gateway's hot path. Each invocation
 * signs a new request with the next nonce count, so the signing cost (one response hash on the
 * client side) is included: compare with {@code sign} alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DigestBench extends AuthBench {
  static final String REALM = "Portcullis";
  static final String EMAIL = "ali.baba@example.com";
  static final String PASSWORD = "open sesame";

  @Param({"MD5", "SHA-256"})
  public String algorithm;

  DigestScheme scheme;
  /** Commits the nonce counts the scheme claims, as the gateway does. */
  portcullis.core.Admission admission;
  RoutePolicy route;
  Directory directory;
  DigestAlgorithm alg;
  String nonce;
  String opaque;
  String ha1;
  final AtomicLong nc = new AtomicLong();

  @Setup
  public void setup() {
    alg = DigestAlgorithm.byWire(algorithm);
    Account account = new Account("acct-1", EMAIL, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", AccountStatus.ACTIVE, Instant.EPOCH);
    Client client = new Client("key-1", "acct-1", "bench", Set.of("read"), false, ClientStatus.ACTIVE, "s", null, null, Instant.EPOCH);
    StoredHa1 stored = StoredHa1.compute(account, PASSWORD, REALM, alg);
    ha1 = stored.ha1();
    BenchDirectory d = new BenchDirectory();
    d.accounts.put(account.id(), account);
    d.byEmail.put(EMAIL, account);
    d.clients.put(client.clientKey(), client);
    directory = d;
    DigestSecrets secrets = new DigestSecrets() {
      @Override
      public Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base, portcullis.core.Directory lookups) {
        return base == stored.algorithm() && accountId.equals(stored.accountId()) ? Optional.of(stored) : Optional.empty();
      }

      @Override
      public Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash, portcullis.core.Directory lookups) {
        return Optional.empty();
      }
    };
    Map<String, Long> counts = new ConcurrentHashMap<>();
    portcullis.core.replay.ReplayStore replay = c -> {
      long[] raised = {0};
      counts.compute(c.key(), (k, old) -> {
        if (old == null || c.value() > old) {
          raised[0] = 1;
          return c.value();
        }
        return old;
      });
      return java.util.concurrent.CompletableFuture.completedFuture(raised[0] == 1);
    };
    admission = new portcullis.core.Admission(replay, List.of());
    scheme = new DigestScheme(new DigestOptions(List.of(alg), Duration.ofHours(1), false), secrets,
        "bench-nonce-key-0123456789abcdef".getBytes(), InstantSource.system());
    route = new RoutePolicy("bench", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Seed000Dialect.INSTANCE, REALM, Map.of());
    String challenge = scheme.challenges(route).get(0);
    nonce = group(challenge, "nonce=\"([^\"]+)\"");
    opaque = group(challenge, "opaque=\"([^\"]+)\"");
  }

  private static String group(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    if (!m.find()) {
      throw new IllegalStateException(regex);
    }
    return m.group(1);
  }

  /** What a client computes for one request (the part the bench pays that a server does not). */
  @Benchmark
  public String sign() {
    String ncHex = String.format("%08x", nc.incrementAndGet());
    String response = alg.response(ha1, nonce, ncHex, "cnonce", "auth", "GET", "/v2/whoami");
    return "Digest username=\"" + EMAIL + "\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"/v2/whoami\", algorithm="
        + alg.wire() + ", qop=auth, nc=" + ncHex + ", cnonce=\"cnonce\", response=\"" + response + "\", opaque=\"" + opaque + "\"";
  }

  private static RequestView request(String authorization) {
    return new BenchRequest("GET", "/v2/whoami", "", NO_BODY, Map.of("authorization", authorization, "x-client-key", "key-1"));
  }

  private static final byte[] NO_BODY = new byte[0];

  /** Sign then verify one request through {@link DigestScheme#authenticate}. */
  @Benchmark
  public Outcome signAndVerify() {
    String authorization = sign();
    Outcome o = admission.admit(scheme.authenticate(request(authorization), route, directory), null, route).toCompletableFuture().join();
    if (!(o instanceof Outcome.Authenticated)) {
      throw new IllegalStateException("bench request refused: " + o);
    }
    return o;
  }
}
