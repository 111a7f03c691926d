package portcullis.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.function.Function;
import portcullis.core.Directory;

/**
 * The one fast-path-then-worker runner: work that reads the {@link Directory} runs first on the
 * calling event loop with {@link CachingDirectory#nonBlocking()}; on {@link Directory.WouldBlock}
 * again on the bounded worker pool with {@link CachingDirectory#blocking()} (store look-ups); on
 * {@link Directory.WouldBlock#HASHING} once more on the {@link PasswordChecks} threads (Argon2id).
 * The work must make no side effect before a look-up that may throw. The future completes on the
 * caller's context; at once when the caches answered.
 */
public final class DirectoryRunner {
  private final Vertx vertx;
  private final CachingDirectory directory;
  private final WorkerExecutor worker;
  private final PasswordChecks passwords;
  private final Runnable onSlowPath;

  /** The directory this runner reads (its non-blocking view for checks on the event loop). */
  public CachingDirectory directory() {
    return directory;
  }

  /** @param onSlowPath told each time work leaves the event loop (a metric) */
  public DirectoryRunner(Vertx vertx, CachingDirectory directory, WorkerExecutor worker, PasswordChecks passwords, Runnable onSlowPath) {
    this.vertx = vertx;
    this.directory = directory;
    this.worker = worker;
    this.passwords = passwords;
    this.onSlowPath = onSlowPath;
  }

  public <T> Future<T> run(Function<Directory, T> work) {
    try {
      return Future.succeededFuture(work.apply(directory.nonBlocking()));
    } catch (Directory.WouldBlock wouldBlock) {
      onSlowPath.run();
      if (wouldBlock == Directory.WouldBlock.HASHING) {
        return hashing(work);
      }
      return worker.executeBlocking(() -> work.apply(directory.blocking()), false)
          .recover(e -> e == Directory.WouldBlock.HASHING ? hashing(work) : Future.failedFuture(e));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private <T> Future<T> hashing(Function<Directory, T> work) {
    return passwords.submit(vertx, () -> work.apply(directory.blocking()));
  }
}
