package portcullis.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import portcullis.core.PortcullisException;
import portcullis.server.config.ConfigLoader;
import portcullis.server.config.Settings;
import portcullis.server.http.PortcullisServer;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a deployment from a YAML configuration file.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = {"-c", "--config"}, required = true, description = "The YAML configuration file.")
  Path config;

  @Option(names = "--port", description = "Override listen.port.")
  Integer port;

  @Option(names = "--host", description = "Override listen.host.")
  String host;

  @Option(names = "--data", description = "Override dataDir (embedded store, master key file).")
  String data;

  @Option(names = "--admin-token", description = "Admin API token (else adminToken or PORTCULLIS_ADMIN_TOKEN).")
  String adminToken;

  @Override
  public Integer call() {
    Settings s = null;
    try {
      s = new ConfigLoader(System.getenv()).load(config, new ConfigLoader.Overrides(host, port, data, adminToken));
      PortcullisServer server = PortcullisServer.start(s);
      LOG.info("portcullis listening on http://{}:{} with {} routes; store {}", s.host(), server.port(), s.routes().size(),
          s.store().isPostgres() ? "PostgreSQL" : "embedded H2 in " + s.dataDir());
      if (s.adminToken() == null) {
        LOG.warn("no admin token configured: the admin API answers 401 to everything");
      }
      return Running.untilSignalled(server);
    } catch (PortcullisException e) {
      System.err.println("portcullis: " + StartupErrors.message(e, s));
      return 2;
    }
  }
}
