-- The developer portal (/developers, docs/portal.md). Portable across H2 2.x and PostgreSQL 13+.
-- What an app registered in the portal adds to its clients row: a description and its OAuth
-- callback URLs (one per line, matched exactly).
CREATE TABLE portal_clients (
  client_key    VARCHAR(128)  PRIMARY KEY,
  description   VARCHAR(2000) NOT NULL,
  callback_urls VARCHAR(8000) NOT NULL
);

-- A sign-up waiting for its email to be confirmed (portal.emailVerification): the link's token by
-- SHA-256, the password sealed with the master key (the account is made, and its Digest HA1
-- derived, only once the address is confirmed); deleted when used or expired.
CREATE TABLE portal_signups (
  token_hash      VARCHAR(64)  PRIMARY KEY,
  email           VARCHAR(254) NOT NULL,
  sealed_password VARCHAR(4000) NOT NULL,
  expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A password-reset link's token by SHA-256; deleted when used, when another reset succeeds, or expired.
CREATE TABLE portal_resets (
  token_hash VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(64) NOT NULL REFERENCES accounts (id),
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX portal_resets_account_idx ON portal_resets (account_id);
