-- OAuth 1.0a (issue 4): request and access tokens, looked up by the SHA-256 of the token value;
-- secrets sealed with the master key. RSA public keys of clients that sign with RSA-SHA1.
CREATE TABLE oauth1_tokens (
  token_hash    VARCHAR(64)   PRIMARY KEY,
  kind          VARCHAR(8)    NOT NULL,
  client_key    VARCHAR(128)  NOT NULL,
  account_id    VARCHAR(64),
  secret_enc    VARCHAR(512)  NOT NULL,
  scopes        VARCHAR(4000) NOT NULL,
  callback      VARCHAR(2048),
  state         VARCHAR(16)   NOT NULL,
  verifier_hash VARCHAR(64),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX oauth1_tokens_account_idx ON oauth1_tokens (account_id, client_key);
CREATE INDEX oauth1_tokens_client_idx ON oauth1_tokens (client_key);

CREATE TABLE oauth1_rsa_keys (
  client_key     VARCHAR(128)  PRIMARY KEY,
  public_key_pem VARCHAR(16384) NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
