-- One revocation list for all three kinds of entries; seq is the feed's version.
CREATE TABLE revocations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('token', 'client', 'grant')),
    jti TEXT,
    client_id TEXT,
    audience TEXT,
    issued_until INTEGER,
    scopes TEXT,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX revocations_expiry ON revocations (expires_at);

INSERT INTO revocations (kind, jti, expires_at, created_at)
    SELECT 'token', jti, expires_at, expires_at FROM revoked_jtis;
DROP TABLE revoked_jtis;
