package portcullis.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import portcullis.core.scheme.mtls.Thumbprints;

/**
 * A throwaway certificate authority made with {@code openssl} in a temp directory: server
 * certificates for localhost (127.0.0.1 and this machine's other addresses), client certificates,
 * and the JDK {@link SSLContext}s that trust the CA and present a client certificate.
 */
public final class TestPki {
  private static final AtomicInteger SERIAL = new AtomicInteger(1000);
  public final Path dir;
  public final Path caCert;
  private final Path caKey;
  private final String name;

  /** One issued certificate: its PEM files (the certificate file holds the chain: leaf, then the CA). */
  public record Issued(Path certificate, Path key, Path leafOnly, X509Certificate x509, Path p12) {
    public String thumbprint() {
      try {
        return Thumbprints.of(x509.getEncoded());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private TestPki(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    this.caCert = dir.resolve(name + "-ca.crt");
    this.caKey = dir.resolve(name + "-ca.key");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", caKey.toString(),
        "-out", caCert.toString(), "-days", "30", "-subj", "/CN=Portcullis Test CA " + name);
  }

  /** A new CA in a new temp directory. */
  public static TestPki create(String name) {
    try {
      return new TestPki(Files.createTempDirectory("portcullis-pki"), name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server certificate for localhost and this machine's addresses, valid {@code days}, its files in {@code into}. */
  public Issued server(Path into, int days) {
    StringBuilder san = new StringBuilder("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1");
    for (String a : localAddresses()) {
      san.append(",IP:").append(a);
    }
    return issue(into, "localhost", days, san + "\nextendedKeyUsage=serverAuth\n");
  }

  /** A client certificate with this common name. */
  public Issued client(String cn) {
    return issue(dir, cn, 5, "extendedKeyUsage=clientAuth\n");
  }

  private Issued issue(Path into, String cn, int days, String ext) {
    try {
      Files.createDirectories(into);
      String base = cn.replaceAll("[^A-Za-z0-9]", "_") + "-" + SERIAL.incrementAndGet();
      Path key = into.resolve(base + ".key");
      Path csr = dir.resolve(base + ".csr");
      Path leaf = into.resolve(base + ".leaf.crt");
      Path chain = into.resolve(base + ".crt");
      Path extFile = dir.resolve(base + ".ext");
      Files.writeString(extFile, ext);
      openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out",
          csr.toString(), "-subj", "/CN=" + cn);
      openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(), "-set_serial",
          Integer.toString(SERIAL.incrementAndGet()), "-out", leaf.toString(), "-days", Integer.toString(days), "-extfile", extFile.toString());
      Files.writeString(chain, Files.readString(leaf) + Files.readString(caCert));
      Path p12 = dir.resolve(base + ".p12");
      openssl("pkcs12", "-export", "-in", leaf.toString(), "-inkey", key.toString(), "-out", p12.toString(), "-passout", "pass:test");
      X509Certificate x509;
      try (InputStream in = Files.newInputStream(leaf)) {
        x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      return new Issued(chain, key, leaf, x509, p12);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDK client context trusting this CA, presenting {@code client} (null: none). */
  public SSLContext context(Issued client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(caCert)) {
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (client != null) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(client.p12())) {
          ks.load(in, "test".toCharArray());
        }
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test".toCharArray());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** This machine's non-loopback IPv4 addresses ({@code hostname -I}); empty when there are none. */
  public static List<String> localAddresses() {
    List<String> out = new ArrayList<>();
    try {
      for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        for (var a : java.util.Collections.list(nic.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
            out.add(a.getHostAddress());
          }
        }
      }
    } catch (IOException e) {
      // none
    }
    return out;
  }

  static void openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("openssl failed: " + cmd + "\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
