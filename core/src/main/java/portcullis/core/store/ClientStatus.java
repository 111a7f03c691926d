package portcullis.core.store;

public enum ClientStatus {
  ACTIVE,
  REVOKED
}
