-- Token endpoint: POST /oauth2/token, client_secret_basic, grant_type=client_credentials&audience=...
-- (BENCH_AUTH, BENCH_BODY set by run.sh); every sampled body must hold an access_token.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
require("common")
