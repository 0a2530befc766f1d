-- Ladon-style policies (issue 14): lists and conditions as JSON text, like the other tables.
CREATE TABLE policies (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    description TEXT,
    subjects TEXT NOT NULL,
    effect TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
    resources TEXT NOT NULL,
    actions TEXT NOT NULL,
    conditions TEXT NOT NULL,
    meta TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
