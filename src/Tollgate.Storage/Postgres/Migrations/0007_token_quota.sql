-- Quotas (docs/operations.md, "Quotas and abuse protection"): a client's own token quota as JSON
-- ({"per_minute":10,"per_hour":100,"per_day":1000,"mode":"enforce"}); NULL: the server's default applies.
ALTER TABLE clients ADD COLUMN token_quota text NULL;
