package portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.server.LogCapture;
import portcullis.server.testing.TestPki;

/**
 * Certificate reload: the files swapped as cert-manager and certbot do (an atomic symlink swap of
 * the directory holding them) while clients keep sending requests, none failing and an open
 * connection carrying on; a broken file set keeps the certificate in use; SIGHUP re-reads at once.
 */
class TlsReloadHttpTest {
  /** {@code dir/current -> dir/v1}, both holding server.crt and server.key; v2 another certificate. */
  record Layout(TestPki pki, Path dir, Path current, TestPki.Issued v1, TestPki.Issued v2) {
    static Layout make(String name) throws Exception {
      TestPki pki = TestPki.create(name);
      Path dir = pki.dir.resolve("certs");
      TestPki.Issued a = pki.server(dir.resolve("issued"), 10);
      TestPki.Issued b = pki.server(dir.resolve("issued"), 20);
      for (var e : new Object[][] {{"v1", a}, {"v2", b}}) {
        Path v = Files.createDirectories(dir.resolve((String) e[0]));
        Files.copy(((TestPki.Issued) e[1]).certificate(), v.resolve("server.crt"));
        Files.copy(((TestPki.Issued) e[1]).key(), v.resolve("server.key"));
      }
      Path current = dir.resolve("current");
      Files.createSymbolicLink(current, dir.resolve("v1"));
      return new Layout(pki, dir, current, a, b);
    }

    /** Points {@code current} at {@code version} in one rename, as {@code ln -sfn} + {@code mv -T} do. */
    void swapTo(String version) throws Exception {
      Path tmp = dir.resolve("current.tmp");
      Files.deleteIfExists(tmp);
      Files.createSymbolicLink(tmp, dir.resolve(version));
      Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    String yaml(String extraTls) {
      String tls = "  tls:\n    certificate: " + current.resolve("server.crt") + "\n    privateKey: " + current.resolve("server.key") + "\n"
          + extraTls;
      return Harness.demoYaml().replace("listen:\n  host: 127.0.0.1\n  port: 8080\n", "listen:\n  host: 127.0.0.1\n  port: 8080\n" + tls);
    }
  }

  static BigInteger servedSerial(int port, TestPki pki) throws Exception {
    return TlsHttpTest.served(port, pki).getSerialNumber();
  }

  static BigInteger waitForSerial(int port, TestPki pki, BigInteger expected, Duration within) throws Exception {
    long until = System.nanoTime() + within.toNanos();
    BigInteger s;
    do {
      s = servedSerial(port, pki);
      if (s.equals(expected)) {
        return s;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    return s;
  }

  /** An HTTP/1.1 request on an open TLS socket; the status line's code. */
  static int get(SSLSocket s, BufferedReader in, String path) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = in.readLine();
    int length = 0;
    for (String line; !(line = in.readLine()).isEmpty();) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    for (int i = 0; i < length; i++) {
      in.read();
    }
    return Integer.parseInt(status.split(" ")[1]);
  }

  @Test
  void symlinkSwap_underLoad_noFailedRequest_openConnectionCarriesOn() throws Exception {
    Layout l = Layout.make("reload");
    try (Harness h = Harness.start(l.yaml(""))) {
      h.useTls(l.pki().context(null));
      var alice = h.account();
      var app = h.client(alice, false, "read");
      int port = h.server.port();
      assertThat(servedSerial(port, l.pki())).isEqualTo(l.v1().x509().getSerialNumber());

      SSLSocket open = (SSLSocket) l.pki().context(null).getSocketFactory().createSocket("127.0.0.1", port);
      open.setSoTimeout(10_000);
      BufferedReader openIn = new BufferedReader(new InputStreamReader(open.getInputStream(), StandardCharsets.ISO_8859_1));
      assertThat(get(open, openIn, "/healthz")).isEqualTo(200);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicReference<Throwable> firstFailure = new AtomicReference<>();
      Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
      HttpClient shared = HttpClient.newBuilder().sslContext(l.pki().context(null)).version(HttpClient.Version.HTTP_2).build();
      String auth = basic(alice.email(), alice.password());
      Runnable keepAlive = () -> { // one HTTP/2 connection, Basic + key
        while (running.get()) {
          try {
            var r = shared.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v2/whoami"))
                .header("Authorization", auth).header("X-Client-Key", app.key()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        }
      };
      Runnable fresh = () -> { // a new connection (and handshake) per request
        while (running.get()) {
          try (SSLSocket s = (SSLSocket) l.pki().context(null).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            int status = get(s, in, "/healthz");
            seen.add(((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber());
            (status == 200 ? ok : failed).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        }
      };
      Thread[] threads = {new Thread(keepAlive), new Thread(keepAlive), new Thread(fresh), new Thread(fresh)};
      for (Thread t : threads) {
        t.start();
      }
      Thread.sleep(1000);
      l.swapTo("v2");
      long swapped = System.nanoTime();
      long until = swapped + Duration.ofSeconds(10).toNanos();
      while (!seen.contains(l.v2().x509().getSerialNumber()) && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      long tookMs = (System.nanoTime() - swapped) / 1_000_000;
      Thread.sleep(1000);
      running.set(false);
      for (Thread t : threads) {
        t.join(15_000);
      }
      assertThat(failed.get()).as("failed requests (first: %s)", firstFailure.get()).isZero();
      assertThat(seen).contains(l.v1().x509().getSerialNumber(), l.v2().x509().getSerialNumber());
      assertThat(tookMs).as("new certificate served within").isLessThan(3000);
      assertThat(ok.get()).isGreaterThan(50);
      // the connection opened before the swap is still there, on the old certificate
      assertThat(get(open, openIn, "/healthz")).isEqualTo(200);
      assertThat(((X509Certificate) open.getSession().getPeerCertificates()[0]).getSerialNumber())
          .isEqualTo(l.v1().x509().getSerialNumber());
      open.close();
      // the gauge follows
      assertThat(TlsHttpTest.expiryGauge(h.get("/metrics").body())).isEqualTo(l.v2().x509().getNotAfter().getTime() / 1000);
      System.out.println("TlsReloadHttpTest: " + ok.get() + " requests, none failed; new certificate served " + tookMs + " ms after the swap");
    }
  }

  @Test
  void brokenFiles_keepTheCertificateInUse_andSayWhy() throws Exception {
    Layout l = Layout.make("broken");
    try (LogCapture log = new LogCapture(); Harness h = Harness.start(l.yaml(""))) {
      int port = h.server.port();
      BigInteger v1 = l.v1().x509().getSerialNumber();
      // a key that is not PEM
      Files.writeString(l.dir().resolve("v1/server.key"), "not a key\n");
      Thread.sleep(2500);
      assertThat(servedSerial(port, l.pki())).isEqualTo(v1);
      assertThat(log.warningsAndErrors()).contains("TLS reload failed, keeping the certificate in use");
      // v2's certificate with v1's key: parses, but does not belong together
      Files.copy(l.v2().certificate(), l.dir().resolve("v1/server.crt"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(l.v1().key(), l.dir().resolve("v1/server.key"), StandardCopyOption.REPLACE_EXISTING);
      Thread.sleep(2500);
      assertThat(servedSerial(port, l.pki())).isEqualTo(v1);
      assertThat(log.warningsAndErrors()).contains("the private key does not belong to the certificate");
      // a good set is taken up again
      l.swapTo("v2");
      assertThat(waitForSerial(port, l.pki(), l.v2().x509().getSerialNumber(), Duration.ofSeconds(5)))
          .isEqualTo(l.v2().x509().getSerialNumber());
      assertThat(log.text()).contains("TLS certificate reloaded");
    }
  }

  @Test
  void sighup_reloadsAtOnce() throws Exception {
    Layout l = Layout.make("sighup");
    try (Harness h = Harness.start(l.yaml("    reloadSeconds: 3600\n"))) {
      int port = h.server.port();
      l.swapTo("v2");
      Thread.sleep(1500);
      assertThat(servedSerial(port, l.pki())).as("not polled within the hour").isEqualTo(l.v1().x509().getSerialNumber());
      var kill = Harness.run("kill", "-HUP", Long.toString(ProcessHandle.current().pid()));
      assertThat(kill.exit()).isZero();
      assertThat(waitForSerial(port, l.pki(), l.v2().x509().getSerialNumber(), Duration.ofSeconds(5)))
          .isEqualTo(l.v2().x509().getSerialNumber());
    }
  }

  @Test
  void badFilesAtStartUp_stopWithTheReason() throws Exception {
    Layout l = Layout.make("startup");
    Files.writeString(l.dir().resolve("v1/server.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Harness.start(l.yaml("")))
        .hasMessageContaining("listen.tls").hasMessageContaining("private key");
  }
}
