package portcullis.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;

/**
 * A load generator for pre-signed requests that costs the client about what plain wrk costs: it
 * replays a file of raw HTTP/1.1 requests (each complete, pre-formatted once, e.g. by
 * bench/load/raw.py or Ksig1Presign) over keep-alive connections, one request in flight on each
 * (as wrk without pipelining), each request of the file sent once, in order, across all connections.
 * No per-request formatting, no scripting: the file is memory-mapped and each request is written
 * straight from it; responses are parsed only as far as the status code and the body length.
 *
 * <pre>java -cp bench/target/benchmarks.jar portcullis.bench.Replay HOST:PORT FILE CONNECTIONS SECONDS [WARMUP_SECONDS [SERVER_PID]]</pre>
 *
 * The warm-up (default 0) sends requests of the file without counting them (the generator's own JIT
 * warm-up); the counted seconds follow at once. With SERVER_PID it also prints {@code Server CPU ticks:},
 * the CPU time (user + system, clock ticks) that process used during exactly the counted seconds.
 *
 * Prints wrk's summary lines ({@code Requests/sec:}, the latency distribution with {@code 50%} and
 * {@code 99%}, {@code Non-2xx or 3xx responses:}) so bench/run.sh reads either tool the same way. When
 * the file runs out it starts again from the top (the server then answers replays with 401, counted
 * as non-2xx, and a warning says so): give it more requests than the run sends. Responses must carry
 * {@code Content-Length} (chunked ones stop the run with a message). One thread, one selector.
 */
public final class Replay {
  /** Env REPLAY_ONCE=1: send the file once, without starting again from the top. */
  private static final boolean ONCE = "1".equals(System.getenv("REPLAY_ONCE"));
  private final ByteBuffer file;
  private final int[] starts; // request i is file[starts[i], starts[i + 1])
  private int next;
  private long wrapped;
  private final long[] histogram = new long[1024 + 64 * 64];
  private long completed;
  private long non2xx;
  private long errors;
  private long reconnects;
  private boolean measuring = true; // still sending
  private boolean counting; // past the warm-up
  private final InetSocketAddress address;
  private final Selector selector;
  private Path watched; // /proc/PID/stat of the server, or null

  private Replay(InetSocketAddress address, ByteBuffer file, int[] starts) throws IOException {
    this.address = address;
    this.file = file;
    this.starts = starts;
    this.selector = Selector.open();
  }

  /** One keep-alive connection: the request being written, the response being read. */
  private final class Conn {
    SocketChannel channel;
    SelectionKey key;
    final ByteBuffer out = file.duplicate();
    final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    long sentAt;
    boolean writing;

    void open() throws IOException {
      channel = SocketChannel.open();
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(address);
      channel.configureBlocking(false);
      key = channel.register(selector, SelectionKey.OP_READ, this);
      in.clear();
    }

    void send() throws IOException {
      if (ONCE && wrapped > 0) {
        return; // REPLAY_ONCE: each request of the file exactly once, then idle until the end
      }
      int i = next++;
      if (next == starts.length - 1) {
        next = 0;
        wrapped++;
      }
      out.limit(starts[i + 1]).position(starts[i]);
      sentAt = System.nanoTime();
      channel.write(out);
      if (out.hasRemaining()) {
        writing = true;
        key.interestOps(SelectionKey.OP_WRITE);
      }
    }

    void writable() throws IOException {
      channel.write(out);
      if (!out.hasRemaining()) {
        writing = false;
        key.interestOps(SelectionKey.OP_READ);
      }
    }

    /** Reads what arrived; for each complete response counts it and sends the next request. */
    void readable() throws IOException {
      int n = channel.read(in);
      if (n < 0) {
        errors++;
        reopen();
        return;
      }
      int end = in.position();
      int headEnd = headerEnd(in, end);
      if (headEnd < 0) {
        if (end == in.capacity()) {
          throw new IOException("response headers over " + in.capacity() + " bytes");
        }
        return;
      }
      int status = (in.get(9) - '0') * 100 + (in.get(10) - '0') * 10 + (in.get(11) - '0');
      long length = contentLength(in, headEnd);
      if (length == -2) {
        throw new IOException("a chunked response (or one without Content-Length): Replay reads Content-Length bodies only");
      }
      long total = headEnd + length;
      if (total > end) {
        if (total > in.capacity()) {
          throw new IOException("a response over " + in.capacity() + " bytes");
        }
        return; // body still arriving
      }
      if (total != end) {
        throw new IOException("more bytes than one response: the server answered something not asked for");
      }
      if (counting) {
        record((System.nanoTime() - sentAt) / 1000);
        completed++;
        if (status < 200 || status > 399) {
          non2xx++;
        }
      }
      boolean close = closes(in, headEnd);
      in.clear();
      if (close) {
        reopen();
      } else if (measuring) {
        send();
      }
    }

    private void reopen() throws IOException {
      key.cancel();
      channel.close();
      reconnects++;
      if (measuring) {
        open();
        send();
      }
    }
  }

  /** Index just past the blank line ending the headers, or -1. */
  private static int headerEnd(ByteBuffer b, int end) {
    for (int i = Math.max(3, 12); i < end; i++) {
      if (b.get(i) == '\n' && b.get(i - 1) == '\r' && b.get(i - 2) == '\n' && b.get(i - 3) == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The Content-Length value; -2 when there is none (chunked or close-delimited). A 1xx/204/304 has no body. */
  private static long contentLength(ByteBuffer b, int headEnd) {
    int status = (b.get(9) - '0') * 100 + (b.get(10) - '0') * 10 + (b.get(11) - '0');
    if (status < 200 || status == 204 || status == 304) {
      return 0;
    }
    int at = find(b, 0, headEnd, "content-length:");
    if (at < 0) {
      return -2;
    }
    long v = 0;
    int i = at;
    while (b.get(i) == ' ') {
      i++;
    }
    for (byte c; (c = b.get(i)) >= '0' && c <= '9'; i++) {
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean closes(ByteBuffer b, int headEnd) {
    int at = find(b, 0, headEnd, "connection:");
    if (at < 0) {
      return false;
    }
    while (b.get(at) == ' ') {
      at++;
    }
    return (b.get(at) | 0x20) == 'c';
  }

  /** Position just after a header name (lower case, with the colon) at the start of a line, or -1. */
  private static int find(ByteBuffer b, int from, int headEnd, String name) {
    int n = name.length();
    outer:
    for (int i = from; i + n < headEnd; i++) {
      if (b.get(i) != '\n') {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if ((b.get(i + 1 + j) | 0x20) != name.charAt(j) && !(name.charAt(j) == ':' && b.get(i + 1 + j) == ':')) {
          continue outer;
        }
      }
      return i + 1 + n;
    }
    return -1;
  }

  private void record(long micros) {
    histogram[bucket(micros)]++;
  }

  /** Exact below 1024 us, then 64 steps per power of two (under 1.6 % error). */
  static int bucket(long us) {
    if (us < 1024) {
      return (int) Math.max(0, us);
    }
    int msb = 63 - Long.numberOfLeadingZeros(us); // >= 10
    int sub = (int) ((us >> (msb - 6)) & 63);
    return Math.min(1024 + (msb - 10) * 64 + sub, 1024 + 64 * 64 - 1);
  }

  static long lowerBound(int bucket) {
    if (bucket < 1024) {
      return bucket;
    }
    int msb = (bucket - 1024) / 64 + 10;
    int sub = (bucket - 1024) % 64;
    return (1L << msb) | ((long) sub << (msb - 6));
  }

  private long percentile(double p) {
    long want = (long) Math.ceil(completed * p);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= want && seen > 0) {
        return lowerBound(i);
      }
    }
    return 0;
  }

  private static String micros(long us) {
    return us < 1000 ? String.format("%.2fus", (double) us) : us < 1_000_000 ? String.format("%.2fms", us / 1000.0)
        : String.format("%.2fs", us / 1e6);
  }

  private void run(int connections, double seconds, double warmup) throws IOException {
    Conn[] conns = new Conn[connections];
    for (int i = 0; i < connections; i++) {
      conns[i] = new Conn();
      conns[i].open();
    }
    long start = System.nanoTime();
    long warm = start + (long) (warmup * 1e9);
    long stop = warm + (long) (seconds * 1e9);
    counting = warmup <= 0;
    long ticks = counting ? -ticks() : 0;
    for (Conn c : conns) {
      c.send();
    }
    while (true) {
      long now = System.nanoTime();
      if (!counting && now >= warm) {
        counting = true; // the client's own JIT warm-up is over: count from here
        start = now;
        ticks = -ticks();
      }
      if (now >= stop) {
        break;
      }
      selector.select(Math.max(1, ((counting ? stop : warm) - now) / 1_000_000));
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Conn c = (Conn) k.attachment();
        if (!k.isValid()) {
          continue;
        }
        if (k.isWritable()) {
          c.writable();
        } else if (k.isReadable()) {
          c.readable();
        }
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    ticks += ticks();
    measuring = false;
    for (Conn c : conns) {
      c.channel.close();
    }
    System.out.printf("Running %.0fs replay @ %s%n  %d connections, %d pre-formatted requests%n", seconds, address,
        connections, starts.length - 1);
    System.out.printf("Latency Distribution%n     50%%  %s%n     75%%  %s%n     90%%  %s%n     99%%  %s%n",
        micros(percentile(0.50)), micros(percentile(0.75)), micros(percentile(0.90)), micros(percentile(0.99)));
    System.out.printf("  %d requests in %.2fs%n", completed, elapsed);
    if (non2xx > 0) {
      System.out.printf("  Non-2xx or 3xx responses: %d%n", non2xx);
    }
    if (errors > 0 || reconnects > 0) {
      System.out.printf("  Socket errors: closed %d, reconnects %d%n", errors, reconnects);
    }
    System.out.printf("Requests/sec: %.2f%n", completed / elapsed);
    if (watched != null) {
      System.out.printf("Server CPU ticks: %d%n", ticks);
    }
    if (wrapped > 0) {
      System.err.printf("replay: the file ran out %d time(s): requests were sent again (replays); give it more requests%n", wrapped);
    }
  }

  /** utime + stime of the watched process (clock ticks), 0 when none is watched. */
  private long ticks() throws IOException {
    if (watched == null) {
      return 0;
    }
    String stat = java.nio.file.Files.readString(watched);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of /proc/PID/stat
  }

  /** Offsets of each request in the file: headers to the blank line, then Content-Length bytes of body. */
  static int[] index(ByteBuffer f) {
    int[] starts = new int[1024];
    int n = 0;
    int i = 0;
    int limit = f.limit();
    while (i < limit) {
      if (n + 1 >= starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[n++] = i;
      int head = -1;
      for (int j = i + 3; j < limit; j++) {
        if (f.get(j) == '\n' && f.get(j - 1) == '\r' && f.get(j - 2) == '\n' && f.get(j - 3) == '\r') {
          head = j + 1;
          break;
        }
      }
      if (head < 0) {
        throw new IllegalArgumentException("request " + n + " at byte " + i + " has no end of headers");
      }
      long body = 0;
      int at = find(f, i, head, "content-length:");
      if (at >= 0) {
        while (f.get(at) == ' ') {
          at++;
        }
        for (byte c; (c = f.get(at)) >= '0' && c <= '9'; at++) {
          body = body * 10 + (c - '0');
        }
      }
      i = (int) (head + body);
    }
    starts[n] = limit;
    return Arrays.copyOf(starts, n + 1);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: Replay HOST:PORT FILE CONNECTIONS SECONDS [WARMUP_SECONDS [SERVER_PID]]");
      System.exit(2);
    }
    String hp = args[0].replaceFirst("^http://", "").replaceFirst("/.*$", "");
    int colon = hp.lastIndexOf(':');
    InetSocketAddress address = new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
    MappedByteBuffer f;
    try (FileChannel ch = FileChannel.open(Path.of(args[1]), StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("file over 2 GiB");
      }
      f = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
    f.load();
    int[] starts = index(f);
    Replay replay = new Replay(address, f, starts);
    if (args.length > 5) {
      replay.watched = Path.of("/proc", args[5], "stat");
    }
    replay.run(Integer.parseInt(args[2]), Double.parseDouble(args[3]),
        args.length > 4 ? Double.parseDouble(args[4]) : 0);
  }
}
