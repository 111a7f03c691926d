-- Accounts and clients. Portable across H2 2.x and PostgreSQL 13+.
CREATE TABLE accounts (
  id            VARCHAR(64)  PRIMARY KEY,
  email         VARCHAR(254) NOT NULL,
  email_norm    VARCHAR(254) NOT NULL,
  password_hash VARCHAR(512) NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT accounts_email_norm_key UNIQUE (email_norm)
);

CREATE TABLE clients (
  client_key        VARCHAR(128) PRIMARY KEY,
  owner_account_id  VARCHAR(64)  NOT NULL REFERENCES accounts (id),
  name              VARCHAR(200) NOT NULL,
  scopes            VARCHAR(4000) NOT NULL,
  is_public         BOOLEAN      NOT NULL,
  status            VARCHAR(16)  NOT NULL,
  secret_enc        VARCHAR(512) NOT NULL,
  prev_secret_enc   VARCHAR(512),
  prev_secret_until TIMESTAMP WITH TIME ZONE,
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX clients_owner_idx ON clients (owner_account_id);
