package portcullis.server.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by {@code EVALSHA} (one round trip), sent again with {@code EVAL} once when Redis
 * answers {@code NOSCRIPT} (it restarted, or has not seen the script yet).
 */
final class RedisScripts {
  private final String script;
  private final String sha;

  RedisScripts(String script) {
    this.script = script;
    this.sha = sha1(script);
  }

  Future<Response> run(RedisConnection redis, List<String> keys, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args))
        .recover(e -> noScript(e) ? redis.send(request(Command.EVAL, script, keys, args)) : Future.failedFuture(e));
  }

  private static Request request(Command command, String body, List<String> keys, List<String> args) {
    Request r = Request.cmd(command).arg(body).arg(keys.size());
    keys.forEach(r::arg);
    args.forEach(r::arg);
    return r;
  }

  /** Redis answered NOSCRIPT: it has not seen the script since it started (or a SCRIPT FLUSH). */
  static boolean noScript(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
