// Registers N extra clients in a copy of Tollgate's SQLite database, far faster than the admin API:
// prints SQL for sqlite3 (run while the server is stopped) matching the schema of
// src/Tollgate.Storage/Sqlite/Migrations/*.sql, each client with its own generated secret hashed as
// SecretHasher.HashGenerated does (tgs1$<salt b64url>$<sha256(salt || secret) b64url>) and a grant of
// both scopes on AUDIENCE. Writes the Authorization headers of up to 1,000 of them, picked at
// random, to HEADERS_FILE (one "Basic ..." per line) for wrk to cycle through.
//   node clients.mjs N AUDIENCE HEADERS_FILE | sqlite3 tollgate.db
import { createHash, randomBytes, randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";

const [count, audience, headersFile] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
if (!(count > 0) || !audience || !headersFile) {
  console.error("usage: node clients.mjs N AUDIENCE HEADERS_FILE");
  process.exit(2);
}
const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const id = (prefix) => prefix + Array.from({ length: 22 }, () => alphabet[randomInt(alphabet.length)]).join("");
const sql = (s) => `'${s.replaceAll("'", "''")}'`;

const sample = new Set();
while (sample.size < Math.min(1000, count)) sample.add(randomInt(count));
const headers = [];
const now = Date.now();
const out = ["PRAGMA foreign_keys = ON;", "BEGIN;"];
for (let i = 0; i < count; i++) {
  const clientId = `growth-${String(i).padStart(7, "0")}`;
  const secret = "tgcs_" + b64url(randomBytes(32));
  const salt = randomBytes(16);
  const digest = createHash("sha256").update(salt).update(secret, "utf8").digest();
  const hash = `tgs1$${b64url(salt)}$${b64url(digest)}`;
  out.push(
    `INSERT INTO clients (client_id, client_name, token_endpoint_auth_method, grant_types, access_token_lifetime, allowed_origins, metadata, allow_introspection, created_at, updated_at) ` +
      `VALUES (${sql(clientId)}, ${sql(clientId)}, 'client_secret_basic', '["client_credentials"]', NULL, '[]', '{}', 0, ${now}, ${now});`,
    `INSERT INTO client_secrets (id, client_id, hash, created_at, expires_at) VALUES (${sql(id("sec_"))}, ${sql(clientId)}, ${sql(hash)}, ${now}, NULL);`,
    `INSERT INTO grants (id, client_id, audience, scope, created_at, updated_at) VALUES (${sql(id("grt_"))}, ${sql(clientId)}, ${sql(audience)}, '["read:contacts","write:contacts"]', ${now}, ${now});`,
  );
  if (sample.has(i)) headers.push("Basic " + Buffer.from(`${clientId}:${secret}`).toString("base64"));
}
out.push("COMMIT;");
writeFileSync(headersFile, headers.join("\n") + "\n");
process.stdout.write(out.join("\n") + "\n");
