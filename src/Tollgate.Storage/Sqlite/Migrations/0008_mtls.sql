-- Mutual TLS (RFC 8705): the certificate subject a tls_client_auth client registers (one of the five §2.1.2 fields,
-- by name, and its value), and a client whose tokens are bound to its certificate (§3.4).
ALTER TABLE clients ADD COLUMN tls_client_auth_field TEXT NULL;
ALTER TABLE clients ADD COLUMN tls_client_auth_value TEXT NULL;
ALTER TABLE clients ADD COLUMN tls_client_certificate_bound_access_tokens INTEGER NOT NULL DEFAULT 0;
