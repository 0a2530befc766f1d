-- The audit trail (issue 16): one row per admin change, written in the change's own transaction.
-- Ids are consecutive (each is the previous + 1 under a row lock on audit_state, never an identity
-- that could skip), and each row's hash chains it to the row before: see docs/operations.md.
-- before/after are text, not jsonb: the hash covers the exact bytes written.
CREATE TABLE audit_entries (
    id bigint PRIMARY KEY,
    at bigint NOT NULL,
    actor text NOT NULL,
    address text,
    action text NOT NULL,
    resource_kind text NOT NULL,
    resource_id text NOT NULL,
    before_json text,
    after_json text,
    previous_hash text NOT NULL,
    hash text NOT NULL
);
CREATE INDEX audit_entries_resource ON audit_entries (resource_kind, resource_id);
CREATE INDEX audit_entries_at ON audit_entries (at);

-- Where the kept chain starts (the newest purged entry) and ends (the newest entry). Appenders on
-- every node lock this row (SELECT ... FOR UPDATE) until they commit: the chain stays one chain.
CREATE TABLE audit_state (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    anchor_id bigint NOT NULL,
    anchor_hash text NOT NULL,
    head_id bigint NOT NULL,
    head_hash text NOT NULL
);
INSERT INTO audit_state (anchor_id, anchor_hash, head_id, head_hash)
    VALUES (0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000');
