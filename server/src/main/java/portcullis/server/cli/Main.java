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
    Preload.quietNettyJfr();
    boolean gateway = args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
    if (gateway) {
      Preload.start(); // what the gateway's start-up needs later, on a second core meanwhile
    }
    System.exit((gateway ? gatewayCommandLine() : commandLine()).execute(args));
  }

  /**
   * The same command line with only {@code serve} and {@code demo} beneath the root, for a run whose
   * first argument names one of them: picocli builds the model of every command it is given by
   * reflection (and its own classes, Java 5 bytecode, are verified the slow way at every start), so
   * leaving out the admin, sign and audit trees shortens a gateway's start. What those two commands
   * parse, print and return is the same (CommandLineParityTest).
   */
  static CommandLine gatewayCommandLine() {
    return new CommandLine(new Gateway()).setCaseInsensitiveEnumValuesAllowed(true).setUnmatchedOptionsArePositionalParams(true);
  }

  @Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      subcommands = {ServeCommand.class, DemoCommand.class})
  static final class Gateway {}

  /**
   * The command line as {@code main} runs it: enum values in any case, and an argument that merely
   * looks like an option ({@code -Xb3...}, a base64url thumbprint or secret that starts with a dash) taken
   * as the positional parameter it is instead of refused as an unknown option.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).setUnmatchedOptionsArePositionalParams(true);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"portcullis " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
