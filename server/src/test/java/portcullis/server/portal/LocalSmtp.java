package portcullis.server.portal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server for one test class: Debian's python3-aiosmtpd ({@code python3 -m aiosmtpd -n}),
 * its Debugging handler printing every message it receives; {@link #mails} reads them back.
 */
final class LocalSmtp implements BeforeAllCallback, AfterAllCallback {
  private static final String START = "---------- MESSAGE FOLLOWS ----------";
  private static final String END = "------------ END MESSAGE ------------";
  private Process process;
  private Path out;
  int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    out = Files.createTempFile("portcullis-smtp", ".log");
    process = new ProcessBuilder("/usr/bin/python3", "-u", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("aiosmtpd did not start (apt-get install python3-aiosmtpd): "
              + Files.readString(out, StandardCharsets.UTF_8));
        }
        Thread.sleep(100);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
    if (out != null) {
      Files.deleteIfExists(out);
    }
  }

  /** Every message received so far, each as its headers and body. */
  List<String> mails() {
    try {
      String log = Files.readString(out, StandardCharsets.UTF_8);
      List<String> mails = new ArrayList<>();
      int i = 0;
      while ((i = log.indexOf(START, i)) >= 0) {
        int end = log.indexOf(END, i);
        if (end < 0) {
          break;
        }
        mails.add(log.substring(i + START.length(), end));
        i = end;
      }
      return mails;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first message to {@code to} whose text contains {@code contains}, waiting up to 15 s. */
  String await(String to, String contains) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      for (String m : mails()) {
        if (m.contains("To: " + to) && m.contains(contains)) {
          return m;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no mail to " + to + " with '" + contains + "'; received: " + mails());
  }
}
