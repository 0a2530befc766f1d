-- PostgreSQL schema, the same model as SQLite's migrations 0001-0004. Times are Unix
-- milliseconds (UTC), as on SQLite, so both providers read and write the same values.
-- An applied migration is never edited: changes go in a new file.
CREATE TABLE apis (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    identifier text NOT NULL UNIQUE,
    name text,
    scopes jsonb NOT NULL,
    token_format text NOT NULL CHECK (token_format IN ('jwt', 'opaque')),
    signing_alg text NOT NULL,
    access_token_lifetime integer NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    routes text
);

CREATE TABLE clients (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id text NOT NULL UNIQUE,
    client_name text,
    token_endpoint_auth_method text NOT NULL,
    grant_types jsonb NOT NULL,
    access_token_lifetime integer,
    allowed_origins jsonb NOT NULL,
    metadata text NOT NULL,
    allow_introspection boolean NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    jwks text,
    jwks_uri text
);

-- Only hashes: see docs/security.md for the scheme.
CREATE TABLE client_secrets (
    id text PRIMARY KEY,
    client_id text NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    hash text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint
);
CREATE INDEX client_secrets_client ON client_secrets (client_id);

CREATE TABLE grants (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    client_id text NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    audience text NOT NULL REFERENCES apis (identifier) ON DELETE CASCADE,
    scope jsonb NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    UNIQUE (client_id, audience)
);
CREATE INDEX grants_audience ON grants (audience);

-- Private keys encrypted under a key derived from the system secret.
CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    alg text NOT NULL,
    protected_private_key text NOT NULL,
    created_at bigint NOT NULL,
    activates_at bigint NOT NULL,
    retires_at bigint,
    expires_at bigint
);

-- One revocation list for the three kinds of entries; seq is the feed's version. Writers hold
-- an advisory lock from taking a seq to committing, so entries commit in seq order and a
-- reader asking for "after N" never skips one that committed late.
CREATE TABLE revocations (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('token', 'client', 'grant')),
    jti text,
    client_id text,
    audience text,
    issued_until bigint,
    scopes jsonb,
    expires_at bigint NOT NULL,
    created_at bigint NOT NULL
);
CREATE INDEX revocations_expiry ON revocations (expires_at);

-- The newest revocation seq ever committed (purges do not lower it).
CREATE TABLE revocation_feed (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    latest bigint NOT NULL
);
INSERT INTO revocation_feed (latest) VALUES (0);

-- RFC 7523 assertions already used, until they expire: a jti is accepted once, on every node.
CREATE TABLE used_assertions (
    client_id text NOT NULL,
    jti text NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX used_assertions_expiry ON used_assertions (expires_at);
