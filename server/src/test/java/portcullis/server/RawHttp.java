package portcullis.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a raw socket, for the fuzz tests: the request goes out byte for byte as given (one
 * char per byte), and what comes back is split into responses without trusting anything (a status
 * line, headers, a body by Content-Length or chunked). Tells apart a timeout (the server hung), a
 * close before any byte (a dropped connection) and a close after the responses.
 */
final class RawHttp {
  private RawHttp() {}

  /** One response as read off the wire; header names lower-cased. */
  record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    boolean closes() {
      String c = header("connection");
      return c != null && c.toLowerCase(Locale.ROOT).contains("close");
    }
  }

  /** What one connection gave: its responses in order, and how it ended. */
  record Exchange(List<Response> responses, boolean timedOut, String malformed, int bytes) {
    Response first() {
      return responses.isEmpty() ? null : responses.get(0);
    }
  }

  /**
   * Writes {@code request} (ISO-8859-1) on a new connection to 127.0.0.1:{@code port}, half-closes
   * nothing, reads until the server closes or {@code timeoutMillis} pass without a byte, and parses
   * what came. {@code headRequests} says which responses answer a HEAD (no body), in order.
   */
  static Exchange exchange(int port, String request, int timeoutMillis, boolean... headRequests) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(timeoutMillis);
      s.setTcpNoDelay(true);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return read(s, timeoutMillis, headRequests);
    }
  }

  /** Reads what {@code s} sends until it closes (or is silent for {@code timeoutMillis}) and parses it. */
  static Exchange read(Socket s, int timeoutMillis, boolean... headRequests) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    boolean timedOut = false;
    InputStream in = s.getInputStream();
    byte[] buf = new byte[16384];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        all.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      timedOut = true;
    } catch (IOException e) {
      // a reset after the responses were written: what was read still counts
    }
    byte[] data = all.toByteArray();
    List<Response> out = new ArrayList<>();
    String malformed = parseAll(data, out, headRequests);
    return new Exchange(out, timedOut, malformed, data.length);
  }

  /** Parses every response in {@code data} into {@code out}; returns what is malformed, or null. */
  static String parseAll(byte[] data, List<Response> out, boolean... headRequests) {
    int at = 0;
    while (at < data.length) {
      int end = indexOf(data, "\r\n\r\n", at);
      if (end < 0) {
        return "a response without the end of its headers at byte " + at;
      }
      String headText = new String(data, at, end - at, StandardCharsets.ISO_8859_1);
      String[] lines = headText.split("\r\n", -1);
      String[] status = lines[0].split(" ", 3);
      if (status.length < 2 || !status[0].matches("HTTP/1\\.[01]") || !status[1].matches("[1-5][0-9][0-9]")) {
        return "a malformed status line: " + lines[0];
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          return "a malformed header line: " + lines[i];
        }
        headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
      int code = Integer.parseInt(status[1]);
      at = end + 4;
      if (code == 100) {
        continue;
      }
      boolean headRequest = out.size() < headRequests.length && headRequests[out.size()];
      byte[] body;
      List<String> te = headers.get("transfer-encoding");
      List<String> cl = headers.get("content-length");
      if (headRequest || code == 204 || code == 304) {
        body = new byte[0];
      } else if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
          int eol = indexOf(data, "\r\n", at);
          if (eol < 0) {
            return "a chunked body cut short";
          }
          String size = new String(data, at, eol - at, StandardCharsets.ISO_8859_1);
          int semi = size.indexOf(';');
          int n;
          try {
            n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
          } catch (NumberFormatException e) {
            return "a malformed chunk size: " + size;
          }
          at = eol + 2;
          if (n == 0) {
            int trailerEnd = indexOf(data, "\r\n", at);
            while (trailerEnd > at) { // trailers
              at = trailerEnd + 2;
              trailerEnd = indexOf(data, "\r\n", at);
            }
            if (trailerEnd < 0) {
              return "a chunked body without its last CRLF";
            }
            at = trailerEnd + 2;
            break;
          }
          if (at + n + 2 > data.length) {
            return "a chunk cut short";
          }
          b.write(data, at, n);
          at += n + 2;
        }
        body = b.toByteArray();
      } else if (cl != null) {
        if (cl.size() > 1) {
          return "a response with " + cl.size() + " Content-Length headers";
        }
        int n = Integer.parseInt(cl.get(0));
        if (at + n > data.length) {
          return "a body shorter than its Content-Length (" + (data.length - at) + " < " + n + ")";
        }
        body = java.util.Arrays.copyOfRange(data, at, at + n);
        at += n;
      } else {
        body = java.util.Arrays.copyOfRange(data, at, data.length); // until close
        at = data.length;
      }
      out.add(new Response(code, status.length > 2 ? status[2] : "", headers, body));
    }
    return null;
  }

  static int indexOf(byte[] data, String needle, int from) {
    byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = from; i <= data.length - n.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (data[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
