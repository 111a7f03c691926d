package portcullis.server.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>Accounts and clients that every test of the class shares are static final fields too, made
 * through the admin API when the gateway has started ({@link #accountForClass}, {@link #clientForClass}):
 *
 * <pre>{@code
 * static final Harness.TestAccount alice = h.accountForClass("alice@example.com", "open sesame");
 * static final Harness.TestClient app = h.clientForClass(alice, false, "read");
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
  private final List<Runnable> makeWhenStarted = new ArrayList<>();
  private Supplier<javax.net.ssl.SSLContext> tls;

  /** The gateway listens with TLS ({@code listen.tls}): {@link #useTls} with this context once it started. */
  public RunningGateway overTls(Supplier<javax.net.ssl.SSLContext> context) {
    this.tls = context;
    return this;
  }

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

  /**
   * An account the admin API makes as soon as the gateway has started (before the class's
   * {@code @BeforeAll} methods), in the order they were asked for; reading it earlier throws.
   */
  public TestAccount accountForClass(String email, String password) {
    return madeWhenStarted(TestAccount.class, "account " + email, () -> account(email, password));
  }

  /** An account with a fresh e-mail and password, made as {@link #accountForClass(String, String)} is. */
  public TestAccount accountForClass() {
    return madeWhenStarted(TestAccount.class, "a fresh account", this::account);
  }

  /** A client of {@code owner} (one made before it, such as an {@link #accountForClass}), made when the gateway has started. */
  public TestClient clientForClass(TestAccount owner, boolean isPublic, String... scopes) {
    return madeWhenStarted(TestClient.class, "a client of " + owner, () -> client(owner, isPublic, scopes));
  }

  /** A {@code type} that answers as what {@code make} makes once the gateway has started. */
  private <T> T madeWhenStarted(Class<T> type, String what, Supplier<T> make) {
    var made = new AtomicReference<T>();
    makeWhenStarted.add(() -> made.set(make.get()));
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      T t = made.get();
      if (t == null) {
        if (method.getName().equals("toString")) {
          return what;
        }
        throw new IllegalStateException("RunningGateway: " + what + " is made when the gateway starts; not yet");
      }
      try {
        return method.invoke(t, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }));
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
    if (tls != null) {
      useTls(tls.get());
    }
    makeWhenStarted.forEach(Runnable::run);
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
