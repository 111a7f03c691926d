package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.Mutator;
import portcullis.server.testing.RunningGateway;

/**
 * Issue 18's raw-socket fuzz of the HTTP/1.1 framing against the running gateway: broken chunked
 * bodies, duplicate Content-Length, Content-Length with Transfer-Encoding, bare CR and bare LF line
 * endings, pipelined requests (with a broken one among them), partial requests then a close,
 * oversized headers and targets, garbage methods and request lines, and byte-level mutations of
 * whole requests. Each connection must give well-formed responses, none a 5xx (but the documented
 * 505 for a request line of another HTTP version), in order, one for every complete request before
 * the first one the gateway cannot frame, which gets a 400 and the close; never a hang, never a close
 * without a response to a complete request. Counts in the output: {@code fuzz: http-framing ...}.
 */
class FramingFuzzHttpTest {
  static final int TIMEOUT_MS = 10_000;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml()
      + "  - {name: basic-echo, path: /api/basic/echo, methods: [POST], upstream: sample, schemes: [basic], clientKey: none}\n")
      .afterStop(log -> {
        assertThat(log.warningsAndErrors().lines().filter(l -> !l.contains("generated a master key")))
            .as("nothing the fuzz sends is the gateway's fault: no WARN or ERROR").isEmpty();
        assertThat(log.text()).as("no stack trace logged").doesNotContain("\n\tat ").doesNotContain("Unhandled");
      });
  static final Harness.TestAccount alice = h.accountForClass("alice+framing-fuzz@example.com", "open sesame framing");

  /** What a case expects: {@code complete} requests answered in order, then (if {@code broken}) a 400 and the close. */
  record Case(String kind, String bytes, int complete, boolean broken, boolean halfClose) {}

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  String echo(String framing, String body) {
    return "POST /api/basic/echo HTTP/1.1\r\nHost: x\r\nAuthorization: " + Harness.basic(alice.email(), alice.password())
        + "\r\nContent-Type: text/plain\r\n" + framing + "\r\n" + body;
  }

  static String chunks(SplittableRandom r, String body) {
    StringBuilder b = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int n = Math.min(body.length() - at, 1 + r.nextInt(8));
      b.append(Integer.toHexString(n)).append("\r\n").append(body, at, at + n).append("\r\n");
      at += n;
    }
    return b.append("0\r\n\r\n").toString();
  }

  /** A random case of one of the framing kinds. */
  Case next(SplittableRandom r, Mutator bytes) {
    String body = "hello framing " + r.nextInt(1000);
    int kind = r.nextInt(11);
    switch (kind) {
      case 0: { // broken chunking: a valid chunked body with one edit
        String good = chunks(r, body);
        String bad = bytes.mutate(good);
        return new Case("chunked", echo("Transfer-Encoding: chunked\r\n", bad) + get("/healthz"), 0, false, true);
      }
      case 1: { // duplicate Content-Length, same or different values
        int n = body.length();
        int other = r.nextBoolean() ? n : n + 1 + r.nextInt(5);
        String cl = "Content-Length: " + n + "\r\n" + (r.nextBoolean() ? "Content-Length: " + other + "\r\n" : "Content-Length: " + n + ", " + other + "\r\n");
        return new Case("duplicate-content-length", echo(cl + "Connection: close\r\n", body), 0, true, false);
      }
      case 2: { // Content-Length and Transfer-Encoding together (request smuggling's shape)
        String te = new String[] {"chunked", "Chunked", "gzip, chunked", "chunked, identity", " chunked", "chunked\t", "identity"}[r.nextInt(7)];
        String framing = r.nextBoolean() ? "Content-Length: 5\r\nTransfer-Encoding: " + te + "\r\n"
            : "Transfer-Encoding: " + te + "\r\nContent-Length: 5\r\n";
        return new Case("cl-te", echo(framing + "Connection: close\r\n", chunks(r, body)) + get("/nope-smuggled"), 0, true, false);
      }
      case 3: { // bare LF or bare CR line endings
        String req = get("/nope-bare");
        String ending = r.nextBoolean() ? "\n" : "\r";
        String bare = r.nextBoolean() ? req.replace("\r\n", ending) : req.replaceFirst("\r\n", ending);
        return new Case(ending.equals("\n") ? "bare-lf" : "bare-cr", bare, 0, false, true);
      }
      case 4: { // pipelining: N complete requests in one write, answered in order
        int n = 2 + r.nextInt(7);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
          b.append(r.nextInt(4) == 0 ? echo("Content-Length: " + body.length() + "\r\n", body) : get("/nope-" + i));
        }
        return new Case("pipelined", b.toString(), n, false, false);
      }
      case 5: { // pipelining with a broken request after k good ones: k answers, then 400 and close
        int k = 1 + r.nextInt(4);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < k; i++) {
          b.append(get("/nope-" + i));
        }
        String[] broken = {echo("Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n"), "GET /nope HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
            "GET /nope HTTP/1.1\r\nHost: x\r\nX-Junk: " + "a".repeat(9000) + "\r\n\r\n", "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n"};
        b.append(broken[r.nextInt(broken.length)]).append(get("/nope-after"));
        return new Case("pipelined-broken", b.toString(), k, true, false);
      }
      case 6: { // a partial request, then the client closes its side
        String full = r.nextBoolean() ? echo("Content-Length: " + body.length() + "\r\n", body) : get("/nope-partial");
        return new Case("partial", full.substring(0, r.nextInt(full.length())), 0, false, true);
      }
      case 7: { // oversized headers or target
        boolean target = r.nextBoolean();
        int size = 9000 + r.nextInt(60_000);
        String req = target ? "GET /v2/" + "a".repeat(size) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            : "GET /v2/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + ("X-Junk-" + r.nextInt(100) + ": " + "b".repeat(1 + r.nextInt(3000)) + "\r\n")
                .repeat(1 + size / 3000) + "\r\n";
        return new Case(target ? "oversized-target" : "oversized-headers", req, 0, true, false);
      }
      case 8: { // garbage methods and request lines
        String[] lines = {"GARBAGE", "G\u00c9T / HTTP/1.1", "GET", "GET /", " GET / HTTP/1.1", "GET  / HTTP/1.1", "GET / HTTP/1.1 extra",
            "\u0000\u0001\u0002", "PRI * HTTP/2.0", "GET http://evil.example/ HTTP/1.1", "GET * HTTP/1.1", "OPTIONS * HTTP/1.1",
            "CONNECT 127.0.0.1:22 HTTP/1.1", "get /healthz HTTP/1.1", "GET /healthz HTTP/1.1\u0000", "@@@@ /healthz HTTP/1.1"};
        return new Case("garbage-request-line", lines[r.nextInt(lines.length)] + "\r\nHost: x\r\n\r\n", 0, false, true);
      }
      case 9: { // Expect: 100-continue, with and without the body following
        String req = echo("Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n", r.nextBoolean() ? body : "");
        return new Case("expect-continue", req, 0, false, true);
      }
      default: { // byte-level mutation of a whole valid request or two
        String good = r.nextBoolean() ? echo("Content-Length: " + body.length() + "\r\n", body) + get("/healthz")
            : echo("Transfer-Encoding: chunked\r\n", chunks(r, body));
        return new Case("mutated-bytes", bytes.mutate(good), 0, false, true);
      }
    }
  }

  @Test
  void brokenFraming_wellFormedAnswersOrA400ThenClose_neverAHang() throws Exception {
    FuzzRun run = FuzzRun.of("http-framing", 700);
    SplittableRandom r = run.random();
    Mutator bytes = new Mutator(r, List.of("x"), true, "\r\n", "\n", "\r", "0\r\n\r\n", "Transfer-Encoding: chunked\r\n",
        "Content-Length: 5\r\n", ";ext=1", "ffffffff", "-1");
    for (int i = 0; i < run.iterations(); i++) {
      Case c = next(r, bytes);
      run.check(c.kind() + ": " + c.bytes(), () -> run.tally(c.kind() + ":" + check(c)));
    }
    run.finish();
  }

  /** Sends the case; checks what came back; returns a label of what it was. */
  static String check(Case c) throws IOException {
    List<RawHttp.Response> got;
    String malformed;
    boolean timedOut = false;
    try (Socket s = new Socket("127.0.0.1", h.server.port())) {
      s.setSoTimeout(TIMEOUT_MS);
      s.getOutputStream().write(c.bytes().getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      if (c.halfClose()) {
        s.shutdownOutput();
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16384];
      got = new ArrayList<>();
      malformed = null;
      long deadline = System.currentTimeMillis() + TIMEOUT_MS;
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          all.write(buf, 0, n);
          if (!c.halfClose() && !c.broken() && c.complete() > 0) {
            List<RawHttp.Response> parsed = new ArrayList<>();
            if (RawHttp.parseAll(all.toByteArray(), parsed) == null && parsed.size() >= c.complete()) {
              break; // every pipelined request answered; the connection stays open for more (keep-alive)
            }
          }
          if (System.currentTimeMillis() > deadline) {
            throw new SocketTimeoutException();
          }
        }
      } catch (SocketTimeoutException e) {
        timedOut = true;
      } catch (IOException e) {
        // reset after the answers: what was read counts
      }
      malformed = RawHttp.parseAll(all.toByteArray(), got);
    }
    if (malformed != null) {
      throw new AssertionError("malformed response bytes: " + malformed);
    }
    for (RawHttp.Response resp : got) {
      String body = resp.text();
      if (body.contains("\tat ") || body.contains("Exception")) {
        throw new AssertionError("a stack trace in the body: " + body);
      }
      boolean otherVersion = resp.status() == 505 && !c.bytes().matches("(?s)[^\r\n]* HTTP/1\\.[01]\r?\n.*");
      if (resp.status() >= 500 && !otherVersion) {
        throw new AssertionError("status " + resp.status() + ": " + body);
      }
    }
    if (timedOut && (c.halfClose() || c.broken() || got.size() < c.complete())) {
      throw new AssertionError("no answer and no close within " + TIMEOUT_MS + " ms (hang); got " + got.size() + " responses");
    }
    if (got.size() < c.complete()) {
      throw new AssertionError("only " + got.size() + " of " + c.complete() + " complete requests answered before the close");
    }
    for (int i = 0; i < c.complete() && c.kind().startsWith("pipelined"); i++) {
      RawHttp.Response resp = got.get(i);
      String expect = "/nope-" + i;
      if (resp.status() == 404 && !resp.text().contains("GET " + expect + ".")) {
        throw new AssertionError("response " + i + " out of order: " + resp.text());
      }
    }
    if (c.broken()) {
      if (got.size() <= c.complete()) {
        throw new AssertionError("the request the gateway cannot frame got no answer (closed after " + got.size() + " responses)");
      }
      RawHttp.Response refusal = got.get(c.complete());
      if (refusal.status() < 400) {
        // the gateway framed it after all: two equal Content-Length values, or Transfer-Encoding ending in chunked (which
        // wins over Content-Length); then it is the only answer (Connection: close), nothing smuggled behind it
        String te = c.bytes().replaceAll("(?s).*Transfer-Encoding: ([^\r]*)\r\n.*", "$1").strip().toLowerCase(java.util.Locale.ROOT);
        boolean framable = c.kind().equals("duplicate-content-length") || (c.kind().equals("cl-te") && te.endsWith("chunked"));
        if (!framable || got.size() > c.complete() + 1) {
          throw new AssertionError("a " + refusal.status() + " to an unframeable request (" + got.size() + " responses): " + refusal.text());
        }
        return "framed-" + refusal.status();
      }
      if (got.size() > c.complete() + 1) {
        throw new AssertionError("answered " + refusal.status() + " to an unframeable request and went on reading the connection: "
            + got.size() + " responses");
      }
      if (!refusal.closes()) {
        throw new AssertionError("answered " + refusal.status() + " to an unframeable request without Connection: close");
      }
    }
    if (got.isEmpty()) {
      return "closed";
    }
    return String.valueOf(got.get(got.size() - 1).status());
  }
}
