package portcullis.server.audit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.server.config.ConfigException;

/**
 * The audit log ({@code logging.audit}): one JSON line per admin or portal write and per throttle
 * engaged, each carrying {@code seq} (1, 2, ...) and {@code prev}, the SHA-256 (hex) of the line
 * before it ({@link #GENESIS} for the first line of a new file), so that an edited, inserted or deleted
 * line breaks the chain ({@link #verify}). The fields before them: {@code time}, {@code event}, who
 * ({@code actor}), what ({@code action}, {@code target}, {@code before} → {@code after}, {@code status})
 * and from where ({@code from}, {@code request_id}). Never a password, secret or token.
 *
 * <p>Appends are serialized (one writer per file: each node of a cluster keeps its own) and written
 * through before {@link #append} returns, so a line survives the process; a file reopened continues
 * its chain from its last line. Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /** The {@code prev} of a file's first line. */
  public static final String GENESIS = "0".repeat(64);
  private final Path file;
  private final FileChannel channel;
  private final Clock clock;
  private String prev;
  private long seq;

  private AuditLog(Path file, FileChannel channel, Clock clock, String prev, long seq) {
    this.file = file;
    this.channel = channel;
    this.clock = clock;
    this.prev = prev;
    this.seq = seq;
  }

  /** Opens (or creates) {@code file} for appending, continuing the chain of its last line. */
  public static AuditLog open(Path file, Clock clock) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      String prev = GENESIS;
      long seq = 0;
      if (Files.exists(file) && Files.size(file) > 0) {
        String last = lastLine(file);
        if (last != null) {
          prev = sha256(last);
          try {
            seq = new JsonObject(last).getLong("seq", 0L);
          } catch (DecodeException | ClassCastException e) {
            throw new ConfigException("logging.audit: the last line of " + file + " is not an audit entry; check it with"
                + " 'portcullis audit verify " + file + "', then move the file away or name another one");
          }
        }
      }
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return new AuditLog(file, ch, clock, prev, seq);
    } catch (IOException e) {
      throw new ConfigException("logging.audit: cannot open " + file + " for appending: " + e.getMessage(), e);
    }
  }

  /** The file's last non-empty line (an audit file is small enough to read; its lines are short). */
  private static String lastLine(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int window = 64 * 1024;
      while (true) {
        long start = Math.max(0, size - window);
        ByteBuffer b = ByteBuffer.allocate((int) (size - start));
        ch.read(b, start);
        String text = new String(b.array(), StandardCharsets.UTF_8);
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        int nl = trimmed.lastIndexOf('\n');
        if (nl >= 0 || start == 0) {
          String last = trimmed.substring(nl + 1);
          return last.isEmpty() ? null : last;
        }
        window *= 4;
      }
    }
  }

  /**
   * Appends one entry: {@code time} and {@code event} first, then {@code fields}, then {@code seq} and
   * {@code prev}; written through to the disk before it returns. A failed write is logged and the
   * chain stays at the last line written.
   */
  public synchronized void append(String event, JsonObject fields) {
    JsonObject line = new JsonObject().put("time", clock.instant().toString()).put("event", event);
    fields.forEach(e -> line.put(e.getKey(), e.getValue()));
    line.put("seq", seq + 1).put("prev", prev);
    String text = line.encode();
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        channel.write(b);
      }
      channel.force(false);
      prev = sha256(text);
      seq++;
    } catch (IOException e) {
      LOG.error("audit log {}: cannot append a {} entry: {}", file, event, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("audit log {}: cannot close: {}", file, e.toString());
    }
  }

  static String sha256(String line) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What {@link #verify} found: {@code problems} empty when every line is an entry whose {@code prev}
   * is the hash of the line before and whose {@code seq} follows it; {@code lastHash} is the hash of
   * the last line (keep it elsewhere to detect a deleted tail).
   */
  public record Verification(int lines, List<String> problems, String lastHash, boolean continued) {
    public boolean intact() {
      return problems.isEmpty();
    }
  }

  /** Checks the chain of {@code file}, line by line. */
  public static Verification verify(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> problems = new java.util.ArrayList<>();
    String prev = null;
    long prevSeq = -1;
    boolean continued = false;
    int n = 0;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      int number = i + 1;
      if (text.isEmpty() && i == lines.size() - 1) {
        break;
      }
      n++;
      JsonObject e;
      try {
        e = new JsonObject(text);
      } catch (DecodeException ex) {
        problems.add("line " + number + ": not a JSON audit entry (edited or corrupted)");
        prev = sha256(text);
        prevSeq = -1;
        continue;
      }
      Object p = e.getValue("prev");
      Object s = e.getValue("seq");
      if (!(p instanceof String given) || !(s instanceof Number seqNumber)) {
        problems.add("line " + number + ": has no prev or seq field (edited or not an audit entry)");
      } else {
        long seq = seqNumber.longValue();
        if (prev == null) {
          if (!given.equals(GENESIS) || seq != 1) {
            continued = true; // a file that continues another (rotated) one: its first line links to that file's last
          }
        } else {
          if (!given.equals(prev)) {
            problems.add("line " + number + ": prev is not the SHA-256 of line " + (number - 1)
                + " (line " + (number - 1) + " was edited, or lines between them were deleted or inserted)");
          }
          if (prevSeq >= 0 && seq != prevSeq + 1) {
            problems.add("line " + number + ": seq " + seq + " does not follow " + prevSeq
                + (seq > prevSeq + 1 ? " (" + (seq - prevSeq - 1) + " line(s) missing before it)" : " (a line was inserted or repeated)"));
          }
        }
        prevSeq = seq;
      }
      prev = sha256(text);
    }
    return new Verification(n, List.copyOf(problems), prev == null ? GENESIS : prev, continued);
  }
}
