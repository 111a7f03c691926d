package portcullis.core.scheme.ksig1;

import java.util.List;

/**
 * The KSig1 headers of one request, checked for format. The signature and token are never rendered
 * by toString.
 *
 * @param signature the 64 lowercase hex digits from {@code Authorization}
 * @param apiKey {@code X-API-Key}
 * @param timestamp {@code X-API-Timestamp} as sent (Unix seconds)
 * @param nonce {@code X-API-Nonce}
 * @param authToken {@code X-API-Auth-Token}, or null
 * @param signedNames the signed header names, lowercase, de-duplicated, sorted
 * @param signedValues their canonical values, same order
 */
record Ksig1Credentials(String signature, String apiKey, String timestamp, String nonce, String authToken,
    List<String> signedNames, List<String> signedValues) {
  long epochSeconds() {
    return Long.parseLong(timestamp);
  }

  @Override
  public String toString() {
    return "Ksig1Credentials[apiKey=" + apiKey + ", timestamp=" + timestamp + ", nonce=" + nonce + ", signed=" + signedNames + "]";
  }
}
