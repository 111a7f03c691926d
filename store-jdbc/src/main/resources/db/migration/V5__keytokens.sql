-- Seed-003 key-tokens (app and user tokens). Stored by SHA-256 of the token, never in the clear.
CREATE TABLE key_tokens (
  token_hash  VARCHAR(64)  PRIMARY KEY,
  id          VARCHAR(64)  NOT NULL,
  client_key  VARCHAR(128) NOT NULL REFERENCES clients (client_key),
  account_id  VARCHAR(64)  NOT NULL REFERENCES accounts (id),
  kind        VARCHAR(8)   NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked     BOOLEAN      NOT NULL,
  CONSTRAINT key_tokens_id_key UNIQUE (id)
);

CREATE INDEX key_tokens_client_idx ON key_tokens (client_key);
CREATE INDEX key_tokens_expires_idx ON key_tokens (expires_at);
