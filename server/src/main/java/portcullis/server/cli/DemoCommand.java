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

  @Option(names = "--data", defaultValue = "./data", description = "Data directory for the embedded store (default ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--advertise-url", description = "Base URL the printed curl lines use, e.g. a load balancer in front of"
      + " several demo nodes (default: this node's own address).")
  String advertiseUrl;

  @Option(names = "--config", paramLabel = "FILE", description = "Serve this configuration instead of the demo's own"
      + " (demo.yaml), seeded the same way: e.g. the demo routes with listen.tls (bench/tls.sh).")
  java.nio.file.Path config;

  @Override
  public Integer call() {
    try {
      String token = adminToken != null ? adminToken : System.getenv().getOrDefault("PORTCULLIS_ADMIN_TOKEN", "demo-" + Crypto.randomBase62(20));
      var overrides = new ConfigLoader.Overrides(host, port, data, token);
      Settings s = config == null ? new ConfigLoader(System.getenv()).loadResource("/demo.yaml", overrides)
          : new ConfigLoader(System.getenv()).load(config, overrides);
      PortcullisServer server = PortcullisServer.start(s);
      Demo.Seeded seeded = Demo.seed(server.store(), server.passwords());
      System.out.println(Demo.banner(s, server.port(), advertiseUrl, seeded, server.modules()));
      System.out.flush();
      return Running.untilSignalled(server);
    } catch (PortcullisException e) {
      System.err.println("portcullis: " + e.getMessage());
      return 2;
    }
  }
}
