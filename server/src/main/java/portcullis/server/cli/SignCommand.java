package portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis sign ...}: prints ready-to-run signed curl commands, one subcommand per scheme. */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = "Print a signed curl command for a request (nothing is sent).",
    subcommands = {SignOAuth1Command.class, SignKsig1Command.class})
final class SignCommand {}
