package portcullis.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import portcullis.client.Ksig1Signer;
import portcullis.core.crypto.Crypto;
import portcullis.core.crypto.Passwords;
import portcullis.core.crypto.SecretBox;
import portcullis.core.store.NewClient;
import portcullis.server.config.ConfigLoader;
import portcullis.server.config.Settings;
import portcullis.store.jdbc.JdbcStore;

/**
 * For bench/heap.sh (issue 17 part 5): fills a gateway's store with N accounts and N clients (one
 * each) before the gateway starts, then pre-signs one KSig1 request per client, so that one pass of
 * Replay authenticates every client and account once and the gateway's caches hold them all.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar portcullis.bench.HeapFill fill CONFIG DATA_DIR N KEYS_FILE
 * java -cp bench/target/benchmarks.jar portcullis.bench.HeapFill sign KEYS_FILE HOST:PORT PATH OUT.raw
 * </pre>
 *
 * Every account gets the same Argon2id hash (made once: hashing 100k passwords would take an hour).
 */
public final class HeapFill {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("fill")) {
      fill(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Path.of(args[4]));
    } else {
      sign(Path.of(args[1]), args[2], args[3], Path.of(args[4]));
    }
  }

  static void fill(Path config, String data, int n, Path keys) throws Exception {
    Settings s = new ConfigLoader(System.getenv()).load(config, new ConfigLoader.Overrides(null, null, data, null));
    String hash = Passwords.hash("heap fill password");
    JdbcStore store = new JdbcStore(s.store(), new SecretBox(s.masterKey()));
    try (BufferedWriter out = Files.newBufferedWriter(keys, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < n; i++) {
        var a = store.createAccount(UUID.randomUUID().toString(), "heap" + i + "@example.com", hash);
        String secret = Crypto.randomBase62(NewClient.SECRET_LENGTH);
        var c = store.createClient(new NewClient(Crypto.randomBase62(NewClient.KEY_LENGTH), a.id(), "heap " + i, Set.of("read"), false,
            secret));
        out.write(c.clientKey() + "\t" + secret + "\n");
        if (i % 10000 == 9999) {
          System.err.println("heap-fill: " + (i + 1) + " accounts and clients");
        }
      }
    } finally {
      store.close();
    }
  }

  static void sign(Path keys, String hostPort, String path, Path out) throws Exception {
    long ts = System.currentTimeMillis() / 1000;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
      int i = 0;
      for (String line : Files.readAllLines(keys)) {
        String[] kv = line.split("\t");
        Ksig1Signer signer = new Ksig1Signer(kv[0], kv[1], Clock.systemUTC(), null);
        String nonce = "heap-" + Long.toString(ts, 36) + "-" + Integer.toString(i++, 36);
        var signed = signer.sign("GET", path, null, hostPort, Map.of(), new byte[0], ts, nonce);
        w.write("GET " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nAuthorization: " + signed.headers().get("Authorization")
            + "\r\nX-API-Key: " + kv[0] + "\r\nX-API-Timestamp: " + ts + "\r\nX-API-Nonce: " + nonce + "\r\n\r\n");
      }
    }
  }
}
