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

  /** Whether the peer of a connection is a trusted proxy. */
  boolean trusts(SocketAddress peer) {
    if (rules.isEmpty() || peer == null || peer.hostAddress() == null) {
      return false;
    }
    String ip = peer.hostAddress();
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
