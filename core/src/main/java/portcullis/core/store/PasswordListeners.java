package portcullis.core.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every registered {@link PasswordListener}, told in registration order. Thread-safe. */
public final class PasswordListeners implements PasswordListener {
  private final List<PasswordListener> listeners = new CopyOnWriteArrayList<>();

  /** None registered yet. */
  public PasswordListeners() {}

  public void add(PasswordListener listener) {
    listeners.add(listener);
  }

  @Override
  public void passwordSet(Account account, String password) {
    for (PasswordListener l : listeners) {
      l.passwordSet(account, password);
    }
  }
}
