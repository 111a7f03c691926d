package portcullis.server.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import portcullis.core.text.PercentEncoding;

/**
 * What changed in the store, as every node's caches need to hear it: ids, keys and hashes only,
 * never a secret. Published by {@link Invalidations#publish} after the write committed.
 *
 * <p>On the wire ({@link Message}): one line, {@code pc1 <node> <sentAtMillis> <kind> [field...]},
 * separated by single spaces, each field percent-encoded (RFC 3986 unreserved characters as they
 * are), e.g. {@code pc1 Xb3k9 1718000000123 client AbC123}. The kinds: {@code hb} (a heartbeat, no
 * event), {@code account <id> <email>}, {@code client <key>}, {@code oauth1-tokens <hash>...},
 * {@code oauth1-rsa <clientKey>}, {@code bearer-revoked <jti> <untilMillis>}, {@code bearer-keys},
 * {@code keytoken <hash>}, {@code keytokens-of <clientKey>}, {@code throttled <key> <untilMillis>},
 * {@code throttle-cleared <key>}, {@code all}. A line that does not
 * parse (another version, an unknown kind) is ignored.
 */
public sealed interface Invalidation {
  /** An account's status, password or existence changed: drop it by id and by email. */
  record AccountChanged(String id, String email) implements Invalidation {
    public AccountChanged {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(email, "email");
    }
  }

  /** A client was created, revoked or its secret rotated. */
  record ClientChanged(String key) implements Invalidation {
    public ClientChanged {
      Objects.requireNonNull(key, "key");
    }
  }

  /** OAuth 1.0a tokens (by SHA-256 of the token) were issued, authorized, denied, consumed, exchanged or revoked. */
  record OAuth1TokensChanged(List<String> hashes) implements Invalidation {
    public OAuth1TokensChanged {
      hashes = List.copyOf(hashes);
    }
  }

  /** A client's OAuth 1.0a RSA-SHA1 public key was set or removed. */
  record OAuth1RsaKeyChanged(String clientKey) implements Invalidation {
    public OAuth1RsaKeyChanged {
      Objects.requireNonNull(clientKey, "clientKey");
    }
  }

  /** A bearer token (by its {@code jti}) was revoked; refuse it until {@code until} (its expiry). */
  record BearerRevoked(String jti, Instant until) implements Invalidation {
    public BearerRevoked {
      Objects.requireNonNull(jti, "jti");
      Objects.requireNonNull(until, "until");
    }
  }

  /** The bearer signing keys changed (a rotation): reload them from the store. */
  record BearerKeysChanged() implements Invalidation {}

  /** One key-token (by SHA-256 of its secret) was revoked. */
  record KeyTokenRevoked(String hash) implements Invalidation {
    public KeyTokenRevoked {
      Objects.requireNonNull(hash, "hash");
    }
  }

  /** Every key-token of a client was revoked. */
  record KeyTokensOfClientRevoked(String clientKey) implements Invalidation {
    public KeyTokensOfClientRevoked {
      Objects.requireNonNull(clientKey, "clientKey");
    }
  }

  /**
   * The failed-credential throttle refuses {@code key} ({@code i|ip}: an address; {@code x|subject|ip}:
   * an identity for one address) until {@code until}: every node refuses it without asking Redis.
   */
  record Throttled(String key, Instant until) implements Invalidation {
    public Throttled {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(until, "until");
    }
  }

  /** The operator cleared the throttle on {@code key}. */
  record ThrottleCleared(String key) implements Invalidation {
    public ThrottleCleared {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Drop every cached entity (a node that may have missed messages). */
  record DropAll() implements Invalidation {}

  /** The wire name of the event's kind (also the {@code kind} tag of the metrics). */
  static String kind(Invalidation e) {
    return switch (e) {
      case AccountChanged a -> "account";
      case ClientChanged c -> "client";
      case OAuth1TokensChanged t -> "oauth1-tokens";
      case OAuth1RsaKeyChanged r -> "oauth1-rsa";
      case BearerRevoked b -> "bearer-revoked";
      case BearerKeysChanged k -> "bearer-keys";
      case KeyTokenRevoked k -> "keytoken";
      case KeyTokensOfClientRevoked k -> "keytokens-of";
      case Throttled t -> "throttled";
      case ThrottleCleared t -> "throttle-cleared";
      case DropAll d -> "all";
    };
  }

  /**
   * One line on the channel: who sent it, when (its wall clock, for the lag metric) and the event,
   * or none for a heartbeat.
   */
  record Message(String node, long sentAtMillis, Invalidation event) {
    static final String VERSION = "pc1";
    static final String HEARTBEAT = "hb";

    String kind() {
      return event == null ? HEARTBEAT : Invalidation.kind(event);
    }

    String encode() {
      StringBuilder b = new StringBuilder(64).append(VERSION).append(' ').append(enc(node)).append(' ').append(sentAtMillis)
          .append(' ').append(kind());
      List<String> fields = switch (event) {
        case null -> List.of();
        case AccountChanged a -> List.of(a.id(), a.email());
        case ClientChanged c -> List.of(c.key());
        case OAuth1TokensChanged t -> t.hashes();
        case OAuth1RsaKeyChanged r -> List.of(r.clientKey());
        case BearerRevoked r -> List.of(r.jti(), Long.toString(r.until().toEpochMilli()));
        case BearerKeysChanged k -> List.of();
        case KeyTokenRevoked k -> List.of(k.hash());
        case KeyTokensOfClientRevoked k -> List.of(k.clientKey());
        case Throttled t -> List.of(t.key(), Long.toString(t.until().toEpochMilli()));
        case ThrottleCleared t -> List.of(t.key());
        case DropAll d -> List.of();
      };
      for (String f : fields) {
        b.append(' ').append(enc(f));
      }
      return b.toString();
    }

    /** The message in {@code line}, or null when it is not one this version understands. */
    static Message decode(String line) {
      if (line == null || line.length() > 1_000_000) {
        return null;
      }
      String[] p = line.split(" ", -1);
      if (p.length < 4 || !p[0].equals(VERSION)) {
        return null;
      }
      try {
        String node = dec(p[1]);
        long sent = Long.parseLong(p[2]);
        List<String> f = new ArrayList<>();
        for (int i = 4; i < p.length; i++) {
          f.add(dec(p[i]));
        }
        Invalidation e = switch (p[3]) {
          case HEARTBEAT -> null;
          case "account" -> f.size() == 2 ? new AccountChanged(f.get(0), f.get(1)) : bad();
          case "client" -> f.size() == 1 ? new ClientChanged(f.get(0)) : bad();
          case "oauth1-tokens" -> new OAuth1TokensChanged(f);
          case "oauth1-rsa" -> f.size() == 1 ? new OAuth1RsaKeyChanged(f.get(0)) : bad();
          case "bearer-revoked" -> f.size() == 2 ? new BearerRevoked(f.get(0), Instant.ofEpochMilli(Long.parseLong(f.get(1)))) : bad();
          case "bearer-keys" -> new BearerKeysChanged();
          case "keytoken" -> f.size() == 1 ? new KeyTokenRevoked(f.get(0)) : bad();
          case "keytokens-of" -> f.size() == 1 ? new KeyTokensOfClientRevoked(f.get(0)) : bad();
          case "throttled" -> f.size() == 2 ? new Throttled(f.get(0), Instant.ofEpochMilli(Long.parseLong(f.get(1)))) : bad();
          case "throttle-cleared" -> f.size() == 1 ? new ThrottleCleared(f.get(0)) : bad();
          case "all" -> new DropAll();
          default -> bad();
        };
        return new Message(node, sent, e);
      } catch (IllegalArgumentException | Malformed e) {
        return null;
      }
    }

    private static final class Malformed extends RuntimeException {
      Malformed() {
        super(null, null, false, false);
      }
    }

    private static Invalidation bad() {
      throw new Malformed();
    }

    private static String enc(String s) {
      return PercentEncoding.encode(s);
    }

    private static String dec(String s) {
      if (PercentEncoding.malformedAt(s) >= 0) {
        throw new IllegalArgumentException("bad escape");
      }
      return PercentEncoding.decode(s, false);
    }
  }
}
