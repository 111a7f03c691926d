package portcullis.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code portcullis} command. */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "API authentication gateway: Basic, Digest, OAuth 1.0a, bearer tokens, key-tokens and KSig1 in front of any HTTP API.",
    subcommands = {ServeCommand.class, DemoCommand.class, AdminCommand.class, SignCommand.class, AuditCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> portcullis.server.http.Fatal.handle(e));
    System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"portcullis " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
