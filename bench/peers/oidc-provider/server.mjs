// oidc-provider 9.x configured as Tollgate is in bench/server/run.sh, so the two can be measured
// side by side: the client-credentials grant with client_secret_basic, RFC 8707 resource
// indicators for three resource servers (RS256 JWT, ES256 JWT, opaque), and RFC 7662
// introspection by a dedicated client. Keys (RSA-2048, P-256) are generated at start.
//
//   node server.mjs PORT CLIENT_ID:CLIENT_SECRET INTROSPECTOR_ID:INTROSPECTOR_SECRET
//
// Listens on 127.0.0.1:PORT; prints "ready" once it listens. Tokens live in memory (a Map with
// expiry, not oidc-provider's default 1,000-entry LRU, which would drop the introspection pool):
// no durability, unlike Tollgate's SQLite, which favours the peer.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

const [port, clientCredentials, introspectorCredentials] = process.argv.slice(2);
if (!port || !clientCredentials?.includes(":") || !introspectorCredentials?.includes(":")) {
  console.error("usage: node server.mjs PORT CLIENT_ID:SECRET INTROSPECTOR_ID:SECRET");
  process.exit(2);
}
const split = (pair) => { const i = pair.indexOf(":"); return [pair.slice(0, i), pair.slice(i + 1)]; };
const [clientId, clientSecret] = split(clientCredentials);
const [introspectorId, introspectorSecret] = split(introspectorCredentials);
const issuer = `http://127.0.0.1:${port}`;
const SCOPES = "read:contacts write:contacts";

function signingKey(type, options, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  return { ...privateKey.export({ format: "jwk" }), alg, use: "sig", kid: `${alg.toLowerCase()}-${randomUUID()}` };
}

// The resource servers, as Tollgate's APIs: identifier -> format and signing algorithm.
const resourceServers = {
  "https://rs256.bench": { accessTokenFormat: "jwt", jwt: { sign: { alg: "RS256" } } },
  "https://es256.bench": { accessTokenFormat: "jwt", jwt: { sign: { alg: "ES256" } } },
  "https://opaque.bench": { accessTokenFormat: "opaque" },
};

/** Unbounded in-memory storage with expiry: enough for the models client credentials use. */
const store = new Map();
class MapAdapter {
  constructor(model) { this.model = model; }
  key(id) { return `${this.model}:${id}`; }
  async upsert(id, payload, expiresIn) {
    store.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
  }
  async find(id) {
    const entry = store.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) { store.delete(this.key(id)); return undefined; }
    return entry.payload;
  }
  async findByUid() { return undefined; }
  async findByUserCode() { return undefined; }
  async consume(id) { const entry = store.get(this.key(id)); if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { store.delete(this.key(id)); }
  async revokeByGrantId() { /* client credentials tokens have no grant */ }
}

const client = (client_id, client_secret) => ({
  client_id, client_secret, grant_types: ["client_credentials"], response_types: [], redirect_uris: [],
  token_endpoint_auth_method: "client_secret_basic", scope: SCOPES,
});

const provider = new Provider(issuer, {
  adapter: MapAdapter,
  clients: [client(clientId, clientSecret), client(introspectorId, introspectorSecret)],
  jwks: {
    keys: [
      signingKey("rsa", { modulusLength: 2048 }, "RS256"),
      signingKey("ec", { namedCurve: "P-256" }, "ES256"),
    ],
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      allowedPolicy: async (ctx, caller) => caller.clientId === introspectorId,
    },
    revocation: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        const info = resourceServers[resourceIndicator];
        if (!info) throw new Provider.errors.InvalidTarget();
        return { scope: SCOPES, accessTokenTTL: 3600, ...info };
      },
    },
  },
  scopes: SCOPES.split(" "),
});
provider.on("server_error", (ctx, error) => console.error("server_error", error));

const server = createServer(provider.callback());
server.keepAliveTimeout = 65_000;
server.listen(Number(port), "127.0.0.1", () => console.log("ready"));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
