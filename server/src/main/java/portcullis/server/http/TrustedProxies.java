package portcullis.server.http;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code limits.trustedProxies}: the CIDR blocks whose forwarding headers the gateway believes
 * (forward-auth's {@code X-Forwarded-Method}/{@code -Uri}/{@code -Host}/{@code -Proto}, a client's
 * {@code X-Forwarded-For}, {@code Forwarded}, {@code X-Real-IP}). None by default: then no peer is one.
 */
final class TrustedProxies {
  private static final int CACHED = 4096;
  private final List<IpSubnetFilterRule> rules = new ArrayList<>();
  /** Answers by peer address, so the hot path parses an address once (bounded: beyond it, computed each time). */
  private final java.util.concurrent.ConcurrentHashMap<String, Boolean> known = new java.util.concurrent.ConcurrentHashMap<>();

  /** @param cidrs validated {@code address/prefix} strings (ConfigLoader) */
  TrustedProxies(List<String> cidrs) {
    for (String c : cidrs) {
      int slash = c.indexOf('/');
      rules.add(new IpSubnetFilterRule(c.substring(0, slash), Integer.parseInt(c.substring(slash + 1)), IpFilterRuleType.ACCEPT));
    }
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * The client's address for throttles and per-IP limits: the peer's, unless the peer is a trusted
   * proxy; then the right-most {@code X-Forwarded-For} entry that is not a trusted proxy itself (the
   * entries to its left were written by the client and prove nothing). An IPv6 address counts by its
   * /64, which one machine usually holds whole.
   */
  String clientAddress(io.vertx.core.http.HttpServerRequest req) {
    SocketAddress peer = req.remoteAddress();
    String ip = peer == null || peer.hostAddress() == null ? "" : peer.hostAddress();
    if (trusts(peer)) {
      List<String> headers = req.headers().getAll(H.FORWARDED_FOR);
      String last = null;
      outer:
      for (int h = headers.size() - 1; h >= 0; h--) {
        String[] hops = headers.get(h).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
          String hop = hops[i].trim();
          if (hop.isEmpty()) {
            continue;
          }
          last = hop;
          if (!trustsAddress(hop)) {
            break outer;
          }
        }
      }
      if (last != null && last.length() <= 64) {
        ip = last;
      }
    }
    return ip.indexOf(':') < 0 ? ip : slash64(ip);
  }

  /** {@code 2001:db8:1:2::/64} for any address in that /64; the address itself when it does not parse. */
  static String slash64(String ip) {
    String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    try {
      byte[] b = InetAddress.getByName(literal).getAddress(); // a literal (it has a colon): no name lookup
      if (b.length != 16) {
        return InetAddress.getByAddress(b).getHostAddress();
      }
      java.util.Arrays.fill(b, 8, 16, (byte) 0);
      return InetAddress.getByAddress(b).getHostAddress().replaceAll("(:0)+$", "::") + "/64";
    } catch (UnknownHostException e) {
      return ip;
    }
  }

  /** Whether the peer of a connection is a trusted proxy. */
  boolean trusts(SocketAddress peer) {
    if (rules.isEmpty() || peer == null || peer.hostAddress() == null) {
      return false;
    }
    return trustsAddress(peer.hostAddress());
  }

  /** Whether an address (a literal, as in {@code X-Forwarded-For}) is a trusted proxy. */
  boolean trustsAddress(String ip) {
    if (rules.isEmpty()) {
      return false;
    }
    Boolean cached = known.get(ip);
    if (cached != null) {
      return cached;
    }
    boolean trusted = matches(ip);
    if (known.size() < CACHED) {
      known.put(ip, trusted);
    }
    return trusted;
  }

  private boolean matches(String ip) {
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(ip), 0); // a literal: no name lookup
    } catch (UnknownHostException e) {
      return false;
    }
    for (IpSubnetFilterRule r : rules) {
      if (r.matches(address)) {
        return true;
      }
    }
    return false;
  }
}
