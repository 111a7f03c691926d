package portcullis.core.store;

import java.util.Locale;

/** An account's standing. Only {@code ACTIVE} accounts may use the API. */
public enum AccountStatus {
  ACTIVE,
  /** Suspended for an unpaid balance (seed 000 "No API Access"). */
  LOCKED,
  /** Suspended for a terms violation (seed 000 "API Access is disabled"). */
  DISABLED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code active|locked|disabled}; {@code null} for anything else. */
  public static AccountStatus parse(String s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "active" -> ACTIVE;
      case "locked" -> LOCKED;
      case "disabled" -> DISABLED;
      default -> null;
    };
  }
}
