-- DPoP (RFC 9449): a client that must bind its tokens (RFC 9449 §5.2 dpop_bound_access_tokens), an API that takes bound tokens only.
ALTER TABLE clients ADD COLUMN dpop_bound_access_tokens boolean NOT NULL DEFAULT false;
ALTER TABLE apis ADD COLUMN require_dpop boolean NOT NULL DEFAULT false;
