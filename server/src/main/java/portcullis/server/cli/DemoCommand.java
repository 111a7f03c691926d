package portcullis.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import portcullis.core.PortcullisException;
import portcullis.core.crypto.Crypto;
import portcullis.server.config.ConfigLoader;
import portcullis.server.config.Settings;
import portcullis.server.demo.Demo;
import portcullis.server.http.PortcullisServer;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the gateway with the demo routes, a demo account and apps on the embedded store, and print a curl line per scheme.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--admin-token", description = "Admin API token (default: a random one, printed).")
  String adminToken;

  @Option(names = "--data", defaultValue = "./demo-data", description = "Data directory for the embedded store (default ${DEFAULT-VALUE};"
      + " serve's default is ./data, so the demo and a deployment never share one).")
  String data;

  @Option(names = "--advertise-url", description = "Base URL the printed curl lines use, e.g. a load balancer in front of"
      + " several demo nodes (default: this node's own address).")
  String advertiseUrl;

  @Option(names = "--config", paramLabel = "FILE", description = "Serve this configuration instead of the demo's own"
      + " (demo.yaml), seeded the same way: e.g. the demo routes with listen.tls (bench/tls.sh).")
  java.nio.file.Path config;

  @Override
  public Integer call() {
    Settings s = null;
    try {
      String token = adminToken != null ? adminToken : System.getenv().getOrDefault("PORTCULLIS_ADMIN_TOKEN", "demo-" + Crypto.randomBase62(20));
      var overrides = new ConfigLoader.Overrides(host, port, data, token);
      s = config == null ? new ConfigLoader(System.getenv()).loadResource("/demo.yaml", overrides)
          : new ConfigLoader(System.getenv()).load(config, overrides);
      PortcullisServer server = PortcullisServer.start(s);
      Demo.Seeded seeded = Demo.seed(server.store(), server.passwords());
      System.out.println(Demo.banner(s, server.port(), advertiseUrl, seeded, server.modules()));
      java.nio.file.Path env = s.dataDir().resolve("demo.env");
      try {
        java.nio.file.Files.writeString(env, Demo.env(s, server.port(), advertiseUrl, seeded));
        java.nio.file.Files.setPosixFilePermissions(env, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        System.out.println("# The values above as shell variables (BASE, EMAIL, PASSWORD, ACCOUNT_ID, KEY, SECRET, PUBLIC_KEY,"
            + " PUBLIC_SECRET, OTHER_KEY, ADMIN_TOKEN):\nsource " + env + "\n");
      } catch (java.io.IOException | UnsupportedOperationException e) {
        System.err.println("portcullis: could not write " + env + ": " + e.getMessage());
      }
      System.out.flush();
      return Running.untilSignalled(server);
    } catch (PortcullisException e) {
      System.err.println("portcullis: " + StartupErrors.message(e, s));
      return 2;
    }
  }
}
