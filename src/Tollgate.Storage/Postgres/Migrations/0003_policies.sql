-- Ladon-style policies (issue 14), and 'policy' as an entity of the change feed so every node reloads them.
CREATE TABLE policies (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    description text,
    subjects jsonb NOT NULL,
    effect text NOT NULL CHECK (effect IN ('allow', 'deny')),
    resources jsonb NOT NULL,
    actions jsonb NOT NULL,
    conditions jsonb NOT NULL,
    meta jsonb NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);
CREATE INDEX policies_subjects ON policies USING gin (subjects jsonb_path_ops);

ALTER TABLE changes DROP CONSTRAINT changes_entity_check;
ALTER TABLE changes ADD CONSTRAINT changes_entity_check CHECK (entity IN ('client', 'api', 'grant', 'key', 'policy'));
