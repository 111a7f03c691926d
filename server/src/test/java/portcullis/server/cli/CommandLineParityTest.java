package portcullis.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Main.gatewayCommandLine() (serve and demo only) answers exactly as the full command line for serve and demo. */
class CommandLineParityTest {
  private static String run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return code + "\n--out--\n" + out + "\n--err--\n" + err;
  }

  @Test
  void helpErrorsAndExitCodesAreTheSame() {
    List<String[]> cases = List.of(
        new String[] {"serve", "--help"}, new String[] {"serve", "-h"}, new String[] {"serve", "--version"},
        new String[] {"demo", "--help"}, new String[] {"demo", "-V"},
        new String[] {"serve"}, new String[] {"serve", "--bogus"}, new String[] {"serve", "--confg", "x.yaml"},
        new String[] {"serve", "-c"}, new String[] {"serve", "--config", "a", "extra"}, new String[] {"serve", "--port", "abc", "-c", "x"},
        new String[] {"demo", "--port", "abc"}, new String[] {"demo", "--prot", "1"}, new String[] {"demo", "-Xb3"},
        new String[] {"demo", "help"}, new String[] {"serve", "-c", "/nonexistent/portcullis.yaml"});
    for (String[] args : cases) {
      assertEquals(run(Main.commandLine(), args), run(Main.gatewayCommandLine(), args), String.join(" ", args));
    }
  }

  @Test
  void theSameOptionsParse() {
    String[] args = {"serve", "--config=c.yaml", "--port", "9", "--host", "::1", "--data", "d", "--admin-token", "t"};
    CommandLine.ParseResult full = Main.commandLine().parseArgs(args);
    CommandLine.ParseResult lite = Main.gatewayCommandLine().parseArgs(args);
    ServeCommand a = full.subcommand().commandSpec().commandLine().getCommand();
    ServeCommand b = lite.subcommand().commandSpec().commandLine().getCommand();
    assertEquals(List.of(a.config, a.port, a.host, a.data, a.adminToken), List.of(b.config, b.port, b.host, b.data, b.adminToken));
    String[] demo = {"demo", "--port", "0", "--data", "x", "--advertise-url", "http://lb", "--config", "f.yaml"};
    DemoCommand c = Main.commandLine().parseArgs(demo).subcommand().commandSpec().commandLine().getCommand();
    DemoCommand d = Main.gatewayCommandLine().parseArgs(demo).subcommand().commandSpec().commandLine().getCommand();
    assertEquals(List.of(c.port, c.host, c.data, c.advertiseUrl, c.config), List.of(d.port, d.host, d.data, d.advertiseUrl, d.config));
  }
}
