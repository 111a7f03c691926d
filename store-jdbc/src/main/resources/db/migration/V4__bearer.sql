-- Bearer tokens (issue 5): signing keys and revoked token ids. Portable across H2 2.x and PostgreSQL 13+.
-- private_jwk_enc is the full JWK (private part included) sealed with the master key (SecretBox).
CREATE TABLE bearer_keys (
  kid             VARCHAR(64)   PRIMARY KEY,
  algorithm       VARCHAR(16)   NOT NULL,
  private_jwk_enc VARCHAR(4000) NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  retire_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A revoked token is remembered until it would have expired anyway.
CREATE TABLE bearer_revoked (
  jti        VARCHAR(64) PRIMARY KEY,
  client_key VARCHAR(128) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX bearer_revoked_expires_idx ON bearer_revoked (expires_at);
