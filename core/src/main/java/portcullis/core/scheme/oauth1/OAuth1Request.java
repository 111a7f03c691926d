package portcullis.core.scheme.oauth1;

import java.util.List;
import java.util.Map;

/**
 * A parsed OAuth 1.0a request: every parameter that enters the signature base string (query, form
 * body and {@code Authorization} header, decoded, without {@code realm} and {@code oauth_signature}),
 * the protocol parameters by name, and the signature as sent (decoded).
 *
 * @param params decoded name/value pairs in order of appearance
 * @param protocol the {@code oauth_*} protocol parameters, each sent at most once
 * @param signature the decoded {@code oauth_signature}
 * @param transport where the protocol parameters came from: {@code header}, {@code body} or {@code query}
 */
public record OAuth1Request(List<Map.Entry<String, String>> params, Map<String, String> protocol, String signature,
    String transport) {
  public OAuth1Request {
    params = List.copyOf(params);
    protocol = Map.copyOf(protocol);
  }

  public String get(String name) {
    return protocol.get(name);
  }

  /** The first value of a non-protocol parameter (e.g. {@code scope}), or null. */
  public String param(String name) {
    for (Map.Entry<String, String> e : params) {
      if (e.getKey().equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "OAuth1Request[consumer=" + protocol.get("oauth_consumer_key") + ", method="
        + protocol.get("oauth_signature_method") + ", transport=" + transport + "]";
  }
}
