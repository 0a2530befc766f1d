// Reads the per-run JSON lines run.sh collected and prints medians and ratios as a table.
// Usage: node report.mjs results-dir
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const runs = {};
const perRun = {}; // run number -> { measurement: value }, to pair .NET and node figures of one run
for (const file of readdirSync(dir).filter((f) => /^(dotnet|node)-\d+\.json$/.test(f)).sort()) {
  const run = file.match(/-(\d+)\.json$/)[1];
  for (const [name, value] of Object.entries(JSON.parse(readFileSync(join(dir, file), "utf8")))) {
    (runs[name] ??= []).push(value);
    (perRun[run] ??= {})[name] = value;
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const med = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(10);

console.log(`\nper second, one thread, median of ${Math.max(...Object.values(runs).map((v) => v.length))} runs\n`);
console.log("| measurement                          |  median/s  | all runs");
console.log("|--------------------------------------|------------|---------");
for (const [name, values] of Object.entries(runs)) {
  console.log(`| ${name.padEnd(36)} | ${fmt(med[name])} | ${values.map((v) => Math.round(v)).join(", ")}`);
}

// The ratio within each run (both sides measured minutes apart at most), then its median: on a
// shared machine this is steadier than the ratio of the medians.
const pairedRatio = (a, b) => median(Object.values(perRun).filter((r) => r[a] && r[b]).map((r) => r[a] / r[b]));
const ratio = (a, b) => (med[a] && med[b] ? pairedRatio(a, b).toFixed(2) + "x" : "n/a");
const checks = [
  ["Tollgate RS256 unique >= 20,000/s", med.tollgate_rs256_unique >= 20000, fmt(med.tollgate_rs256_unique).trim()],
  ["Tollgate RS256 vs aws-jwt-verify >= 1.15x", pairedRatio("tollgate_rs256_unique", "aws_jwt_verify_rs256_unique") >= 1.15, ratio("tollgate_rs256_unique", "aws_jwt_verify_rs256_unique")],
  ["Tollgate ES256 vs aws-jwt-verify >= 1.00x", pairedRatio("tollgate_es256_unique", "aws_jwt_verify_es256_unique") >= 1.0, ratio("tollgate_es256_unique", "aws_jwt_verify_es256_unique")],
  ["Tollgate cache hits >= 200,000/s", med.tollgate_cache_hits >= 200000, fmt(med.tollgate_cache_hits).trim()],
  ["(info) Tollgate RS256 vs IdentityModel handler", true, ratio("tollgate_rs256_unique", "identitymodel_rs256_unique")],
  ["(info) same, refusing a wrong audience", true, ratio("tollgate_rs256_wrong_audience", "identitymodel_rs256_wrong_audience")],
  ["(info) Tollgate RS256 vs bare RSA verify", true, ratio("tollgate_rs256_unique", "rsa_verify_only")],
  ["(info) Tollgate RS256 vs jose", true, ratio("tollgate_rs256_unique", "jose_rs256_unique")],
  ["(info) Tollgate RS256 vs jsonwebtoken+jwks-rsa", true, ratio("tollgate_rs256_unique", "jsonwebtoken_jwks_rsa_rs256_unique")],
  ["(info) Tollgate ES256 vs jsonwebtoken+jwks-rsa", true, ratio("tollgate_es256_unique", "jsonwebtoken_jwks_rsa_es256_unique")],
  ["(info) per CPU-s: RS256 vs aws-jwt-verify", true, ratio("tollgate_rs256_unique_cpu", "aws_jwt_verify_rs256_unique_cpu")],
  ["(info) per CPU-s: RS256 vs jsonwebtoken", true, ratio("tollgate_rs256_unique_cpu", "jsonwebtoken_jwks_rsa_rs256_unique_cpu")],
];
console.log("\nratios: median over runs of the ratio within each run");
console.log("\n| target                                         | met | figure");
console.log("|------------------------------------------------|-----|-------");
for (const [what, ok, figure] of checks) console.log(`| ${what.padEnd(46)} | ${what.startsWith("(info)") ? "   " : ok ? "yes" : "NO "} | ${figure}`);
