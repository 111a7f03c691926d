package portcullis.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import portcullis.core.PortcullisException;
import portcullis.core.crypto.SecretBox;
import portcullis.server.config.Settings;

/** What {@code serve} and {@code demo} print when start-up fails: the message, and for a wrong master key which file and what to do. */
final class StartupErrors {
  private StartupErrors() {}

  static String message(PortcullisException e, Settings s) {
    if (!(e instanceof SecretBox.WrongKeyException) || s == null) {
      return e.getMessage();
    }
    Path file = s.dataDir().resolve("master.key");
    String key;
    try {
      key = Files.isRegularFile(file) && Files.readString(file).strip().equals(s.masterKey())
          ? "the master key in " + file : "the master key given by masterKey/PORTCULLIS_MASTER_KEY";
    } catch (java.io.IOException io) {
      key = "the master key given";
    }
    String store = s.store().isPostgres() ? "the PostgreSQL store " + s.store().url() : "the embedded store in " + s.dataDir();
    return e.getMessage() + ": " + store + " holds secrets sealed with another master key than " + key + "."
        + " Start with the master key that store was created with (the master.key of its data directory, or the"
        + " PORTCULLIS_MASTER_KEY used then), or give this deployment a data directory of its own (--data DIR or dataDir:;"
        + " the demo's default is ./demo-data, serve's ./data).";
  }
}
