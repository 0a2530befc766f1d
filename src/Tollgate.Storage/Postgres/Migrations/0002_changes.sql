-- The change feed nodes follow: one row per committed admin write (entity and id). Writers hold
-- an advisory lock from taking a seq to committing, so "after N" never skips a late commit.
CREATE TABLE changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity text NOT NULL CHECK (entity IN ('client', 'api', 'grant', 'key')),
    entity_id text NOT NULL,
    at bigint NOT NULL
);
CREATE INDEX changes_at ON changes (at);

-- Below this seq, entries may have been purged: a node whose cursor is older reloads everything.
CREATE TABLE change_purges (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    purged_through bigint NOT NULL
);
INSERT INTO change_purges (purged_through) VALUES (0);
