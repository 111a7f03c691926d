package portcullis.server.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import portcullis.server.Harness;

/**
 * curl from a chosen loopback address ({@code --interface 127.0.0.N}): the throttles count by client
 * address, so each test plays its own clients from its own address. Returns status, headers, body.
 */
public record From(int status, Map<String, String> headers, String body) {
  public static From call(String ip, String url, String... args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "30", "--interface", ip, "-D", "-", "-o", "-", url));
    cmd.addAll(List.of(args));
    Harness.Run r = Harness.run(cmd, null);
    if (r.exit() != 0) {
      throw new IllegalStateException("curl failed: " + r.err());
    }
    String out = r.out();
    int end = out.indexOf("\r\n\r\n");
    while (out.startsWith("HTTP/", end + 4)) { // an answered challenge (--digest): the last response counts
      out = out.substring(end + 4);
      end = out.indexOf("\r\n\r\n");
    }
    String head = out.substring(0, end);
    String body = out.substring(end + 4);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
    }
    return new From(status, headers, body);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
