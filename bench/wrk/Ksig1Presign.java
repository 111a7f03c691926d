// Pre-signs N KSig1 GET requests, one nonce each, for wrk (ksig1.lua, bench/redis.sh) or, through bench/wrk/raw_requests.py, for Replay (bench/run.sh). Run from the repo root after a build:
//   java -cp client/target/classes bench/wrk/Ksig1Presign.java KEY SECRET http://127.0.0.1:8080/api/signed/whoami 2000000 > /tmp/ksig1.txt
// Each line: Authorization<TAB>X-API-Timestamp<TAB>X-API-Nonce. Timestamps are "now": start wrk within the
// gateway's window (schemes.ksig1.clockSkewSeconds, 300 s by default; raise it for long runs).
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import portcullis.client.Ksig1Signer;

public class Ksig1Presign {
  public static void main(String[] args) throws Exception {
    Ksig1Signer signer = new Ksig1Signer(args[0], args[1], Clock.systemUTC(), null);
    URI uri = URI.create(args[2]);
    long n = Long.parseLong(args[3]);
    long ts = System.currentTimeMillis() / 1000;
    try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), 1 << 20)) {
      for (long i = 0; i < n; i++) {
        String nonce = "wrk-" + Long.toString(ts, 36) + "-" + Long.toString(i, 36);
        var s = signer.sign("GET", uri.getRawPath(), uri.getRawQuery(), Ksig1Signer.host(uri), Map.of(), new byte[0], ts, nonce);
        out.write(s.headers().get("Authorization") + "\t" + ts + "\t" + nonce + "\n");
      }
    }
  }
}
