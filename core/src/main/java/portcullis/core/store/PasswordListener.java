package portcullis.core.store;

/**
 * Told whenever an account's password is set (account created, password changed), with the clear
 * password, so that schemes needing more than the Argon2id hash (Digest's HA1) can derive what they
 * store. Called on a worker thread right after the store write; may block. It must never log or
 * keep the password.
 */
@FunctionalInterface
public interface PasswordListener {
  void passwordSet(Account account, String password);
}
