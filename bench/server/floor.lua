-- The HTTP floor: the same small form POST to a minimal ASP.NET Core app (bench/server/floor).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
require("common")
