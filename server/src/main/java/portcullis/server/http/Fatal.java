package portcullis.server.http;

/**
 * What the gateway does with an error the JVM cannot recover from ({@link VirtualMachineError}:
 * {@code OutOfMemoryError}, {@code StackOverflowError}, internal errors): it stops the process at
 * once, with exit status 3, so a supervisor starts a fresh one, rather than go on half-dead (event
 * loops wedged, connections stuck). Installed as the Vert.x exception handler and the default
 * uncaught-exception handler; {@code ./portcullis} also runs the JVM with {@code
 * -XX:+ExitOnOutOfMemoryError}, which covers allocations that fail where no handler sees them.
 */
public final class Fatal {
  private Fatal() {}

  /** Halts on a {@link VirtualMachineError} anywhere in {@code e}'s causes; otherwise logs it. */
  public static void handle(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VirtualMachineError) {
        try {
          System.err.println("portcullis: fatal " + t.getClass().getName() + ": stopping so that a supervisor restarts the process");
        } finally {
          Runtime.getRuntime().halt(3);
        }
      }
    }
    org.slf4j.LoggerFactory.getLogger(Fatal.class).error("unhandled exception", e);
  }
}
