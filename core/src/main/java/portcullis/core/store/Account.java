package portcullis.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An account holder. {@code passwordHash} is an Argon2id PHC string; it is never rendered by
 * {@link #toString()}.
 */
public record Account(String id, String email, String passwordHash, AccountStatus status, Instant createdAt) {
  public Account {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(email, "email == null");
    Objects.requireNonNull(passwordHash, "passwordHash == null");
    Objects.requireNonNull(status, "status == null");
  }

  @Override
  public String toString() {
    return "Account[id=" + id + ", status=" + status.wire() + "]";
  }
}
