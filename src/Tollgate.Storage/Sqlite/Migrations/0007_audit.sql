-- The audit trail (issue 16): one row per admin change, written in the change's own transaction.
-- Ids are consecutive (each is the previous + 1, never an autoincrement that could skip), and each
-- row's hash chains it to the row before: see docs/operations.md, "Audit trail".
CREATE TABLE audit_entries (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    address TEXT,
    action TEXT NOT NULL,
    resource_kind TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entries_resource ON audit_entries (resource_kind, resource_id);
CREATE INDEX audit_entries_at ON audit_entries (at);

-- Where the kept chain starts (the newest purged entry) and ends (the newest entry).
CREATE TABLE audit_state (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    anchor_id INTEGER NOT NULL,
    anchor_hash TEXT NOT NULL,
    head_id INTEGER NOT NULL,
    head_hash TEXT NOT NULL
);
INSERT INTO audit_state (only_row, anchor_id, anchor_hash, head_id, head_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000');
