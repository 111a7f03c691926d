package portcullis.server.cli;

/**
 * Start-up work that {@code serve} and {@code demo} need later, done meanwhile on a second thread
 * (the JVM starts on more than one core): today the bearer module's signing-key class, whose Bouncy
 * Castle provider computes the parameters of every named elliptic curve as it initialises (about a
 * quarter of a second, otherwise spent on the main thread while it installs the modules). Class
 * initialisation is thread-safe: whichever thread needs the class first runs its initialiser and the
 * other waits for it, so nothing changes but when the work happens. A failure is left for the module
 * to meet and report as it always did.
 */
final class Preload {
  private Preload() {}

  /** Starts the preloading thread (a daemon: it never holds the JVM up). */
  static void start() {
    Thread t = new Thread(Preload::run, "portcullis-preload");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Netty's buffer allocators emit JFR events (chunk allocated, freed...) unless told not to, and the
   * first buffer a gateway allocates (its first request) then initialises the JFR event machinery:
   * about 70 ms. Unless the JVM was started recording ({@code -XX:StartFlightRecording}) or the
   * property was set ({@code -Dio.netty.jfr.enabled=true} keeps the events), they are turned off.
   */
  static void quietNettyJfr() {
    if (System.getProperty("io.netty.jfr.enabled") != null) {
      return;
    }
    try {
      if (jdk.jfr.FlightRecorder.isInitialized()) {
        return;
      }
    } catch (LinkageError e) {
      return; // a runtime without jdk.jfr: Netty finds no JFR either
    }
    System.setProperty("io.netty.jfr.enabled", "false");
  }

  private static void run() {
    try {
      Class.forName("portcullis.core.scheme.bearer.SigningKey", true, Preload.class.getClassLoader());
    } catch (Exception | LinkageError e) {
      // the bearer module initialises the class itself and reports what went wrong
    }
  }
}
