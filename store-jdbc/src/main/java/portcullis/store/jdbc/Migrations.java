package portcullis.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Whether the store's schema already holds every migration of {@code db/migration}, read with plain
 * JDBC from Flyway's {@code flyway_schema_history}, so that a start on an up-to-date store need not
 * load Flyway at all (a few hundred milliseconds of classes and queries). The answer is "up to date"
 * only when Flyway's own {@code migrate} would find nothing to do and nothing to complain about: the
 * applied versioned migrations are exactly the ones on the classpath (same version, description,
 * script and checksum, computed as Flyway computes it), all successful, and the history holds no other
 * kind of entry (baseline, repeatable, undo). Anything else (no history table yet, a pending, missing,
 * failed or edited migration, a resource this class cannot list) answers "not up to date", and Flyway
 * runs as it always did: migrates, validates, takes its lock on PostgreSQL.
 */
final class Migrations {
  static final String LOCATION = "db/migration";
  /** Flyway's versioned SQL migration: V&lt;version&gt;__&lt;description&gt;.sql. */
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.+)\\.sql");

  private Migrations() {}

  /** One migration as the history table records it. */
  record Applied(String version, String description, String script, int checksum) {}

  /** True when {@link #pending} finds nothing to do; any failure to tell counts as "not up to date". */
  static boolean upToDate(DataSource pool) {
    try {
      Set<Applied> resolved = resolved(Migrations.class.getClassLoader());
      if (resolved == null) {
        return false;
      }
      try (Connection c = pool.getConnection()) {
        return !pending(c, resolved);
      }
    } catch (IOException | SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether Flyway would have anything to do (or to refuse) with {@code resolved} on this database.
   * A missing history table (a new store) throws {@link SQLException}.
   */
  static boolean pending(Connection c, Set<Applied> resolved) throws SQLException {
    Set<Applied> applied = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"version\", \"description\", \"type\", \"script\", \"checksum\", \"success\""
            + " FROM \"flyway_schema_history\"")) {
      while (rs.next()) {
        String version = rs.getString(1);
        String type = rs.getString(3);
        int checksum = rs.getInt(5);
        boolean noChecksum = rs.wasNull();
        boolean success = rs.getBoolean(6);
        if (version == null) {
          // the markers Flyway writes when it creates the history table or the schema
          if (!success || !("TABLE".equals(type) || "SCHEMA".equals(type))) {
            return true;
          }
          continue;
        }
        if (!success || !"SQL".equals(type) || noChecksum
            || !applied.add(new Applied(version, rs.getString(2), rs.getString(4), checksum))) {
          return true;
        }
      }
    }
    return !applied.equals(resolved);
  }

  /**
   * The versioned migrations under {@link #LOCATION} on the class path (every jar or directory that
   * has one, as Flyway's {@code classpath:} location scans), or null when one of them is somewhere this
   * class cannot list or holds a file Flyway would treat otherwise (a repeatable or callback script).
   */
  static Set<Applied> resolved(ClassLoader loader) throws IOException {
    Set<Applied> out = new HashSet<>();
    Set<String> versions = new HashSet<>();
    Enumeration<URL> roots = loader.getResources(LOCATION);
    while (roots.hasMoreElements()) {
      List<String> names = list(roots.nextElement());
      if (names == null) {
        return null;
      }
      for (String name : names) {
        Matcher m = VERSIONED.matcher(name);
        if (!m.matches()) {
          return null;
        }
        String version = m.group(1).replace('_', '.');
        if (!versions.add(version)) {
          return null; // Flyway refuses two migrations of one version: let it say so
        }
        try (InputStream in = loader.getResourceAsStream(LOCATION + "/" + name)) {
          if (in == null) {
            return null;
          }
          out.add(new Applied(version, m.group(2).replace('_', ' '), name, checksum(in)));
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** The file names directly under one {@link #LOCATION} root, or null for a kind of URL not handled. */
  private static List<String> list(URL root) throws IOException {
    switch (root.getProtocol()) {
      case "file" -> {
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
          List<Path> all = files.toList();
          if (!all.stream().allMatch(Files::isRegularFile)) {
            return null; // a sub-folder: Flyway scans those too
          }
          return all.stream().map(p -> p.getFileName().toString()).sorted().toList();
        } catch (URISyntaxException e) {
          return null;
        }
      }
      case "jar" -> {
        URLConnection conn = root.openConnection();
        if (!(conn instanceof JarURLConnection jar)) {
          return null;
        }
        String entry = jar.getEntryName();
        String prefix = entry == null || entry.isEmpty() ? "" : entry.endsWith("/") ? entry : entry + "/";
        jar.setUseCaches(false); // a JarFile of our own, closed below
        TreeSet<String> names = new TreeSet<>();
        try (JarFile file = jar.getJarFile()) {
          for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
            String n = e.nextElement().getName();
            if (n.startsWith(prefix) && n.length() > prefix.length()) {
              String rest = n.substring(prefix.length());
              if (rest.indexOf('/') >= 0) {
                return null; // a sub-folder: Flyway scans those too
              }
              names.add(rest);
            }
          }
        }
        return new ArrayList<>(names);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Flyway's checksum of a migration script: CRC32 over its UTF-8 lines without line terminators
   * (a byte order mark at the start dropped), as a signed int.
   */
  static int checksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
    String line = r.readLine();
    if (line != null) {
      if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      do {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      } while ((line = r.readLine()) != null);
    }
    return (int) crc.getValue();
  }
}
