package portcullis.server.module;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import java.time.InstantSource;
import java.util.Map;
import portcullis.core.crypto.SecretBox;
import portcullis.core.replay.ReplayStore;
import portcullis.core.store.PasswordListeners;
import portcullis.core.tokens.TokenResolvers;
import portcullis.server.CachingDirectory;
import portcullis.server.SchemeRegistry;
import portcullis.server.config.Settings;
import portcullis.store.jdbc.Database;

/**
 * Everything a {@link GatewayModule} may use while installing itself.
 *
 * @param settings the validated deployment settings
 * @param options this module's section of the {@code schemes:} configuration (empty when absent);
 *     the module validates it and throws {@link portcullis.server.config.ConfigException} naming
 *     the bad field
 * @param vertx the Vert.x instance
 * @param worker the bounded pool for blocking work (JDBC, Argon2)
 * @param database the JDBC database, for the module's own tables (its Flyway migrations live in
 *     store-jdbc's {@code db/migration})
 * @param secretBox seals secrets at rest with the master key
 * @param directory accounts and clients, cached; invalidate on writes
 * @param replay where single-use values are committed (in memory; one shared store per cluster later):
 *     schemes state them as {@link portcullis.core.replay.Claim}s, the gateway commits them; a
 *     module's own endpoint commits its claims itself
 * @param registry where schemes and dialects are registered
 * @param endpoints router for endpoints the gateway answers itself; paths must also be claimed
 * @param claim claims a path (exact, or a prefix ending in {@code /*}) for {@code endpoints}
 * @param admin the admin API router (already behind the admin token check under {@code /admin/*})
 * @param tokens token resolvers shared between modules: token-issuing modules add theirs, KSig1
 *     asks them for {@code X-API-Auth-Token}
 * @param passwords listeners told (on a worker thread) whenever an account's password is set
 * @param clock the time schemes check timestamps and expiries against (tests move it)
 * @param bodies reads request bodies under the gateway's limits ({@code bodies.handler(limit)} on a route)
 * @param passwordChecks where work that may verify a password runs (not the worker: Argon2id runs
 *     only there; a full queue fails at once with {@link portcullis.server.PasswordChecks.Saturated})
 * @param runner runs work that reads the directory: from the caches on the event loop, else on the
 *     worker, Argon2id on the password-check threads
 * @param invalidations where the module publishes what its writes changed (after they commit) and
 *     subscribes the receiver that drops its own cached entries; its {@code trusted()} is what the
 *     module's {@link portcullis.server.StoreCache}s must follow
 */
public record ModuleContext(
    Settings settings,
    Map<String, Object> options,
    Vertx vertx,
    WorkerExecutor worker,
    Database database,
    SecretBox secretBox,
    CachingDirectory directory,
    ReplayStore replay,
    SchemeRegistry registry,
    Router endpoints,
    java.util.function.Consumer<String> claim,
    Router admin,
    TokenResolvers tokens,
    PasswordListeners passwords,
    InstantSource clock,
    portcullis.server.http.Bodies bodies,
    portcullis.server.PasswordChecks passwordChecks,
    portcullis.server.DirectoryRunner runner,
    portcullis.server.cluster.Invalidations invalidations,
    portcullis.server.limits.Limiters limiters,
    portcullis.server.audit.AuditTrail audit) {}
