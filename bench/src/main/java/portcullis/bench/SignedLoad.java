package portcullis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import portcullis.client.Ksig1Signer;

/**
 * A load generator for signed requests that never runs out of nonces: KSig1 GETs, each signed when
 * it is sent (a fresh nonce, the timestamp "now + ahead" seconds), over keep-alive connections,
 * {@code depth} requests pipelined on each; counts answers by status. For runs longer than any
 * pre-signed file (bench/replay-sustained.sh). One virtual thread per connection.
 *
 * <pre>java -cp bench/target/benchmarks.jar portcullis.bench.SignedLoad URL KEY SECRET SECONDS [CONNECTIONS] [DEPTH] [AHEAD] [RATE]</pre>
 *
 * RATE (requests per second, all connections together) paces the connections; 0 (the default) is
 * full speed.
 *
 * Prints a progress line every 10 s on stderr and one summary line on stdout:
 * {@code requests=N ok=N non2xx=N seconds=S rate=R status={200=N, ...}}.
 */
public final class SignedLoad {
  final String host;
  final int port;
  final String path;
  final String query;
  final String hostHeader;
  final String key;
  final String secret;
  final long ahead;
  final int depth;
  final long end;
  final long start = System.nanoTime();
  final double nanosPerBatch;
  final String run = Long.toString(System.currentTimeMillis(), 36);
  final LongAdder sent = new LongAdder();
  final LongAdder ok = new LongAdder();
  final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  final AtomicReference<String> firstRefusal = new AtomicReference<>();
  final AtomicReference<Throwable> failure = new AtomicReference<>();

  SignedLoad(URI uri, String key, String secret, long seconds, int depth, long ahead, long rate, int connections) {
    this.nanosPerBatch = rate <= 0 ? 0 : 1e9 * depth * connections / rate;
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.path = uri.getRawPath();
    this.query = uri.getRawQuery();
    this.hostHeader = Ksig1Signer.host(uri);
    this.key = key;
    this.secret = secret;
    this.depth = depth;
    this.ahead = ahead;
    this.end = System.nanoTime() + seconds * 1_000_000_000L;
  }

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    long seconds = Long.parseLong(args[3]);
    int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
    int depth = args.length > 5 ? Integer.parseInt(args[5]) : 4;
    long ahead = args.length > 6 ? Long.parseLong(args[6]) : 0;
    long rate = args.length > 7 ? Long.parseLong(args[7]) : 0;
    SignedLoad load = new SignedLoad(uri, args[1], args[2], seconds, depth, ahead, rate, connections);
    long start = load.start;
    Thread[] threads = new Thread[connections];
    for (int c = 0; c < connections; c++) {
      int id = c;
      threads[c] = Thread.ofVirtual().start(() -> load.connection(id));
    }
    long lastCount = 0;
    long lastTime = start;
    while (System.nanoTime() < load.end && load.failure.get() == null) {
      Thread.sleep(Math.max(1, Math.min(10_000, (load.end - System.nanoTime()) / 1_000_000)));
      long now = System.nanoTime();
      long count = load.total();
      System.err.printf("t=%ds requests=%d rate=%.0f/s non2xx=%d%n", (now - start) / 1_000_000_000L, count,
          (count - lastCount) / ((now - lastTime) / 1e9), count - load.ok.sum());
      lastCount = count;
      lastTime = now;
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = load.total();
    Map<Integer, Long> statuses = new TreeMap<>();
    load.byStatus.forEach((k, v) -> statuses.put(k, v.sum()));
    System.out.printf("requests=%d ok=%d non2xx=%d seconds=%.1f rate=%.0f status=%s%n", total, load.ok.sum(), total - load.ok.sum(),
        elapsed, total / elapsed, statuses);
    if (load.firstRefusal.get() != null) {
      System.err.println("first refusal: " + load.firstRefusal.get());
    }
    if (load.failure.get() != null) {
      System.err.println("failed: " + load.failure.get());
      System.exit(1);
    }
  }

  long total() {
    long t = 0;
    for (LongAdder a : byStatus.values()) {
      t += a.sum();
    }
    return t;
  }

  void connection(int id) {
    Ksig1Signer signer = new Ksig1Signer(key, secret, Clock.systemUTC(), null);
    long seq = 0;
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port));
      OutputStream out = s.getOutputStream();
      Responses in = new Responses(s.getInputStream());
      StringBuilder b = new StringBuilder(1024 * depth);
      long batches = 0;
      long offset = (long) (nanosPerBatch * id / Math.max(1, depth)) % Math.max(1, (long) nanosPerBatch);
      while (System.nanoTime() < end) {
        if (nanosPerBatch > 0) {
          long due = start + offset + (long) (nanosPerBatch * batches++);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
        }
        b.setLength(0);
        for (int d = 0; d < depth; d++) {
          long ts = System.currentTimeMillis() / 1000 + ahead;
          String nonce = "sl-" + run + "-" + id + "-" + Long.toString(seq++, 36);
          var headers = signer.sign("GET", path, query, hostHeader, Map.of(), new byte[0], ts, nonce).headers();
          b.append("GET ").append(path).append(query == null ? "" : "?" + query).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
          headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
          b.append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int d = 0; d < depth; d++) {
          int status = in.next();
          byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
          if (status / 100 == 2) {
            ok.increment();
          } else if (firstRefusal.get() == null) {
            firstRefusal.compareAndSet(null, status + " " + in.lastBody);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** HTTP/1.1 responses read off one connection: status, headers, a Content-Length or chunked body. */
  static final class Responses {
    final InputStream in;
    final byte[] buf = new byte[1 << 16];
    int pos;
    int lim;
    String lastBody = "";

    Responses(InputStream in) {
      this.in = in;
    }

    private void fill() throws IOException {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      }
      int n = in.read(buf, lim, buf.length - lim);
      if (n < 0) {
        throw new IOException("connection closed by the server");
      }
      lim += n;
    }

    private String line() throws IOException {
      while (true) {
        for (int i = pos; i + 1 < lim; i++) {
          if (buf[i] == '\r' && buf[i + 1] == '\n') {
            String l = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
            pos = i + 2;
            return l;
          }
        }
        fill();
      }
    }

    private String body(long n) throws IOException {
      StringBuilder kept = new StringBuilder();
      while (n > 0) {
        if (pos == lim) {
          fill();
        }
        int take = (int) Math.min(n, lim - pos);
        if (kept.length() < 300) {
          kept.append(new String(buf, pos, Math.min(take, 300), StandardCharsets.UTF_8));
        }
        pos += take;
        n -= take;
      }
      return kept.toString();
    }

    int next() throws IOException {
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = 0;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        String name = h.substring(0, colon).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(h.substring(colon + 1).trim());
        } else if (name.equalsIgnoreCase("Transfer-Encoding") && h.toLowerCase().contains("chunked")) {
          chunked = true;
        }
      }
      if (!chunked) {
        lastBody = code / 100 == 2 ? "" : body(length);
        if (code / 100 == 2) {
          body(length);
        }
        return code;
      }
      StringBuilder all = new StringBuilder();
      for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
        all.append(body(size));
        line();
      }
      for (String t = line(); !t.isEmpty(); t = line()) {
        // trailers
      }
      lastBody = all.toString();
      return code;
    }
  }
}
