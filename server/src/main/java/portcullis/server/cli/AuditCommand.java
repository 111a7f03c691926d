package portcullis.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import portcullis.server.audit.AuditLog;

/** {@code portcullis audit verify FILE}: checks the audit log's hash chain (docs/observability.md). */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the audit log (logging.audit).",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand {
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Check that no line of an audit log was edited, inserted or deleted: each line's prev must be the"
          + " SHA-256 of the line before and its seq must follow.",
          "Exit status: 0 intact, 1 the chain is broken (each break is printed), 2 the file cannot be read."})
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The audit log, e.g. data/audit.log.")
    Path file;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        System.err.println("audit verify: " + file + ": no such file (the audit log is logging.audit, by default <dataDir>/audit.log)");
        return 2;
      }
      AuditLog.Verification v;
      try {
        v = AuditLog.verify(file);
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        System.err.println("audit verify: cannot read " + file + ": " + e.getMessage());
        return 2;
      }
      if (v.intact()) {
        System.out.println("audit verify: " + file + ": " + v.lines() + " line(s), chain intact"
            + (v.continued() ? " (its first line continues an earlier file)" : "") + "; last line's SHA-256 " + v.lastHash());
        System.out.println("  (a deleted tail leaves the chain intact: compare that hash with one kept elsewhere)");
        return 0;
      }
      System.out.println("audit verify: " + file + ": " + v.lines() + " line(s), CHAIN BROKEN:");
      v.problems().forEach(p -> System.out.println("  " + p));
      return 1;
    }
  }
}
