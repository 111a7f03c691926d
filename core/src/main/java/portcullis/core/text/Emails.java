package portcullis.core.text;

import java.util.regex.Pattern;

/**
 * Email syntax check for account creation: a pragmatic subset of RFC 5322 addr-spec that accepts
 * what people really use ({@code +} tags, dots, sub-domains, internationalized addresses per RFC 6531)..
 */
public final class Emails {
  private static final Pattern LOCAL = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

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
