-- Digest HA1 values (RFC 7616): one row per account and base algorithm, written whenever a password
-- is set. ha1_enc is sealed with the master key (SecretBox); userhash = H(email:realm) in the clear,
-- to find the account of a client that hashes its user name. password_ref ties the row to the
-- password hash current when it was written. Portable across H2 2.x and PostgreSQL 13+.
CREATE TABLE digest_ha1 (
  account_id   VARCHAR(64)  NOT NULL REFERENCES accounts (id),
  algorithm    VARCHAR(16)  NOT NULL,
  realm        VARCHAR(128) NOT NULL,
  userhash     VARCHAR(128) NOT NULL,
  ha1_enc      VARCHAR(512) NOT NULL,
  password_ref VARCHAR(64)  NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (account_id, algorithm)
);

CREATE INDEX digest_ha1_userhash_idx ON digest_ha1 (algorithm, userhash);
