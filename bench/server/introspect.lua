-- Introspection: POST /oauth2/introspect, token=<next token of BENCH_TOKENS_FILE>, caller a client with
-- allow_introspection (BENCH_AUTH); every sampled body must say "active":true.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
require("common")
