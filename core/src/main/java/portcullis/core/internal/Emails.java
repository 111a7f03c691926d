package portcullis.core.internal;

import java.util.regex.Pattern;

/**
 * Email syntax check for account creation: a pragmatic subset of RFC 5322 addr-spec that accepts
 * what people really use ({@code +} tags, dots, sub-domains, IDN in A-label form). Not API.
 */
public final class Emails {
  private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private Emails() {}

  public static boolean isValid(String email) {
    if (email == null || email.length() > 254) {
      return false;
    }
    int at = email.lastIndexOf('@');
    if (at <= 0 || at == email.length() - 1 || at > 64) {
      return false;
    }
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    if (!LOCAL.matcher(local).matches()) {
      return false;
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
