-- Client certificates bound to clients (mtls scheme, mtls.bind, RFC 8705 certificate-bound tokens):
-- the SHA-256 thumbprint of the DER certificate, base64url without padding (x5t#S256), 43 characters.
CREATE TABLE client_certificates (
  thumbprint  VARCHAR(64)  PRIMARY KEY,
  client_key  VARCHAR(128) NOT NULL REFERENCES clients (client_key) ON DELETE CASCADE,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX client_certificates_client_idx ON client_certificates (client_key);
