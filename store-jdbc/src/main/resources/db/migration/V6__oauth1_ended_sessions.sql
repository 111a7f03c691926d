-- OAuth 1.0a page sessions live in signed cookies every node can check; a signed-out one is kept
-- here (by SHA-256 of its id) until its lifetime is over, so every node refuses it.
CREATE TABLE oauth1_ended_sessions (
  session_hash VARCHAR(64) PRIMARY KEY,
  ends_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX oauth1_ended_sessions_ends_idx ON oauth1_ended_sessions (ends_at);
