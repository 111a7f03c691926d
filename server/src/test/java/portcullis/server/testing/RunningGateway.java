package portcullis.server.testing;

import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import portcullis.server.Harness;
import portcullis.server.LogCapture;
import portcullis.server.module.Modules;

/**
 * A real gateway for one test class, on a free loopback port with an embedded store in a temp
 * directory: started before the class's {@code @BeforeAll} methods run, stopped after its
 * {@code @AfterAll} methods. It is the class's {@link Harness}:
 *
 * <pre>{@code
 * @RegisterExtension static final RunningGateway h = RunningGateway.demo();
 * }</pre>
 *
 * <p>A gateway in front of an upstream the class starts too registers that upstream first and reads
 * its address when it starts ({@link #of(Supplier)}):
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final EchoUpstream upstream = EchoUpstream.echo();
 * @RegisterExtension @Order(2) static final RunningGateway h = RunningGateway.of(() -> yaml(upstream.url()));
 * }</pre>
 *
 * <p>With {@link #capturingLog()}, a {@link LogCapture} collects the log from before the gateway
 * starts until after it stopped ({@link #log()}); {@link #afterStop} checks it then.
 */
public final class RunningGateway extends Harness implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<String> yaml;
  private final InstantSource clock;
  private final Modules modules;
  private boolean captureLog;
  private Consumer<LogCapture> afterStop = log -> { };
  private LogCapture log;
  private String startedFor;

  private RunningGateway(Supplier<String> yaml, InstantSource clock, Modules modules) {
    this.yaml = yaml;
    this.clock = clock;
    this.modules = modules;
  }

  /** The demo's configuration. */
  public static RunningGateway demo() {
    return of(demoYaml());
  }

  /** The demo's configuration, its modules reading time from {@code clock}. */
  public static RunningGateway demo(InstantSource clock) {
    return of(demoYaml(), clock);
  }

  /** A gateway from configuration text (listen/data/admin token are set by the harness). */
  public static RunningGateway of(String yaml) {
    return of(yaml, InstantSource.system());
  }

  public static RunningGateway of(String yaml, InstantSource clock) {
    return of(yaml, clock, Modules.builtIn());
  }

  public static RunningGateway of(String yaml, InstantSource clock, Modules modules) {
    return of(() -> yaml, clock, modules);
  }

  /**
   * A gateway whose configuration text is made when it starts: for one that forwards to an
   * upstream registered (and started) before it, such as an {@link EchoUpstream}.
   */
  public static RunningGateway of(Supplier<String> yaml) {
    return of(yaml, InstantSource.system(), Modules.builtIn());
  }

  public static RunningGateway of(Supplier<String> yaml, InstantSource clock, Modules modules) {
    return new RunningGateway(yaml, clock, modules);
  }

  /** Collects the log while the gateway runs, from before it starts. */
  public RunningGateway capturingLog() {
    captureLog = true;
    return this;
  }

  /** Runs {@code check} on the captured log once the gateway has stopped. */
  public RunningGateway afterStop(Consumer<LogCapture> check) {
    capturingLog();
    afterStop = check;
    return this;
  }

  /** The log captured so far (with {@link #capturingLog()}). */
  public LogCapture log() {
    if (log == null) {
      throw new IllegalStateException("RunningGateway: not capturing the log (capturingLog())");
    }
    return log;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (startedFor != null) {
      return; // a @Nested class shares its enclosing class's gateway
    }
    startedFor = context.getUniqueId();
    if (captureLog) {
      log = new LogCapture();
    }
    open(yaml.get(), clock, modules);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!context.getUniqueId().equals(startedFor)) {
      return;
    }
    try {
      if (server != null) {
        close();
      }
      if (log != null) {
        afterStop.accept(log);
      }
    } finally {
      if (log != null) {
        log.close();
      }
    }
  }
}
