-- Times are Unix milliseconds (UTC). Lists are JSON arrays.
CREATE TABLE apis (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    identifier TEXT NOT NULL UNIQUE,
    name TEXT,
    scopes TEXT NOT NULL,
    token_format TEXT NOT NULL,
    signing_alg TEXT NOT NULL,
    access_token_lifetime INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE clients (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT NOT NULL UNIQUE,
    client_name TEXT,
    token_endpoint_auth_method TEXT NOT NULL,
    grant_types TEXT NOT NULL,
    access_token_lifetime INTEGER,
    allowed_origins TEXT NOT NULL,
    metadata TEXT NOT NULL,
    allow_introspection INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Only hashes: see docs/security.md for the scheme.
CREATE TABLE client_secrets (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);
CREATE INDEX client_secrets_client ON client_secrets (client_id);

CREATE TABLE grants (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    audience TEXT NOT NULL REFERENCES apis (identifier) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (client_id, audience)
);

-- Private keys encrypted under a key derived from the system secret.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    protected_private_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    activates_at INTEGER NOT NULL,
    retires_at INTEGER,
    expires_at INTEGER
);

-- Opaque access tokens by SHA-256 of the token; the token itself is never stored.
CREATE TABLE opaque_tokens (
    hash BLOB PRIMARY KEY,
    client_id TEXT NOT NULL,
    audience TEXT NOT NULL,
    scope TEXT NOT NULL,
    issuer TEXT NOT NULL,
    jti TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX opaque_tokens_expiry ON opaque_tokens (expires_at);

CREATE TABLE revoked_jtis (
    jti TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
