-- DPoP (RFC 9449): a client that must bind its tokens (RFC 9449 §5.2 dpop_bound_access_tokens), an API that takes bound tokens only.
ALTER TABLE clients ADD COLUMN dpop_bound_access_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE apis ADD COLUMN require_dpop INTEGER NOT NULL DEFAULT 0;
