// openid-client (v6) against Tollgate: discovery (OIDC and RFC 8414), the client-credentials
// grant with RFC 8707 `resource` and with `audience`, introspection (RFC 7662 JSON and RFC 9701
// signed JWT), revocation (RFC 7009), and the errors a client must be able to read.
//
// Env: TOLLGATE_URL, TOLLGATE_CLIENT_ID / TOLLGATE_CLIENT_SECRET (client_secret_basic, allow_introspection,
// granted read:contacts write:contacts on both audiences), TOLLGATE_JWT_AUDIENCE, TOLLGATE_OPAQUE_AUDIENCE,
// optional TOLLGATE_POST_CLIENT_ID / TOLLGATE_POST_CLIENT_SECRET (client_secret_post, granted TOLLGATE_JWT_AUDIENCE),
// optional TOLLGATE_UNGRANTED_AUDIENCE (an API the client has no grant for).
import * as client from 'openid-client';
import { start, env, ok, equal, rejects, done, baseUrl, describe } from './lib.mjs';

start('openid-client');
const issuer = baseUrl();
const clientId = env('TOLLGATE_CLIENT_ID');
const secret = env('TOLLGATE_CLIENT_SECRET');
const jwtAudience = env('TOLLGATE_JWT_AUDIENCE');
const opaqueAudience = env('TOLLGATE_OPAQUE_AUDIENCE');
const scope = 'read:contacts';

// openid-client refuses plain http unless told otherwise; the server listens on loopback http
// here, so every request is allowed to be insecure (documented `allowInsecureRequests`).
const insecure = { execute: [client.allowInsecureRequests] };

async function discover(algorithm, auth, metadata, id = clientId) {
  try {
    return await client.discovery(new URL(issuer), id, metadata, auth, { ...insecure, algorithm });
  } catch (e) {
    throw new Error(`discovery (${algorithm}) failed: ${describe(e)}`);
  }
}

// --- Discovery --------------------------------------------------------------------------------
const oidc = await discover('oidc', client.ClientSecretBasic(secret));
const meta = oidc.serverMetadata();
equal(meta.issuer, issuer, 'OIDC discovery: issuer');
equal(meta.token_endpoint, `${issuer}/oauth2/token`, 'OIDC discovery: token_endpoint');
equal(meta.introspection_endpoint, `${issuer}/oauth2/introspect`, 'OIDC discovery: introspection_endpoint');
equal(meta.revocation_endpoint, `${issuer}/oauth2/revoke`, 'OIDC discovery: revocation_endpoint');
equal(meta.jwks_uri, `${issuer}/.well-known/jwks.json`, 'OIDC discovery: jwks_uri');
ok(meta.grant_types_supported?.includes('client_credentials'), 'OIDC discovery: grant_types_supported has client_credentials');

const rfc8414 = await discover('oauth2', client.ClientSecretBasic(secret));
equal(rfc8414.serverMetadata().issuer, issuer, 'RFC 8414 discovery (/.well-known/oauth-authorization-server): issuer');

// --- Grant, introspection, revocation for a JWT and an opaque token ----------------------------
async function grant(config, parameters, label) {
  try {
    return await client.clientCredentialsGrant(config, parameters);
  } catch (e) {
    throw new Error(`${label}: client credentials grant failed: ${describe(e)}`);
  }
}

async function introspect(config, token, label) {
  try {
    return await client.tokenIntrospection(config, token);
  } catch (e) {
    throw new Error(`${label}: introspection failed: ${describe(e)}`);
  }
}

// Signed introspection responses (RFC 9701): openid-client asks for them when the client metadata
// names introspection_signed_response_alg, and with non-repudiation checks on it verifies the
// signature against the published JWKS.
const signedIntrospection = await discover('oidc', client.ClientSecretBasic(secret), { introspection_signed_response_alg: 'RS256' });
client.enableNonRepudiationChecks(signedIntrospection);

for (const [kind, audience] of [['JWT', jwtAudience], ['opaque', opaqueAudience]]) {
  const viaResource = await grant(oidc, { resource: audience, scope }, `${kind} via resource`);
  ok(typeof viaResource.access_token === 'string' && viaResource.access_token.length > 20, `${kind}: token via RFC 8707 resource`);
  equal(viaResource.token_type?.toLowerCase(), 'bearer', `${kind}: token_type`);
  ok(Number.isInteger(viaResource.expires_in) && viaResource.expires_in > 0, `${kind}: expires_in is a positive integer`, viaResource.expires_in);
  equal(viaResource.scope, scope, `${kind}: scope narrowed to the request`);
  if (kind === 'opaque') ok(viaResource.access_token.startsWith('tgat_'), 'opaque: token has the tgat_ prefix');
  else ok(viaResource.access_token.split('.').length === 3, 'JWT: token is a compact JWS');

  const viaAudience = await grant(oidc, { audience }, `${kind} via audience`);
  equal(viaAudience.scope, 'read:contacts write:contacts', `${kind}: token via audience gets every granted scope`);

  const token = viaResource.access_token;
  const active = await introspect(oidc, token, kind);
  equal(active.active, true, `${kind}: introspection active`);
  equal(active.client_id, clientId, `${kind}: introspection client_id`);
  equal(active.aud, audience, `${kind}: introspection aud`);
  equal(active.scope, scope, `${kind}: introspection scope`);
  equal(active.iss, issuer, `${kind}: introspection iss`);
  equal(active.token_type, 'Bearer', `${kind}: introspection token_type`);
  ok(active.exp > Date.now() / 1000, `${kind}: introspection exp in the future`, active.exp);

  const signed = await introspect(signedIntrospection, token, `${kind} signed`);
  equal(signed.active, true, `${kind}: RFC 9701 signed introspection (signature checked against the JWKS) active`);
  equal(signed.aud, audience, `${kind}: RFC 9701 signed introspection aud`);

  try {
    await client.tokenRevocation(oidc, token);
  } catch (e) {
    throw new Error(`${kind}: revocation failed: ${describe(e)}`);
  }
  ok(true, `${kind}: revocation accepted`);
  equal((await introspect(oidc, token, kind)).active, false, `${kind}: introspection inactive after revocation`);
  equal((await introspect(signedIntrospection, token, `${kind} signed`)).active, false, `${kind}: signed introspection inactive after revocation`);
  equal((await introspect(oidc, viaAudience.access_token, kind)).active, true, `${kind}: another token of the same client stays active`);
}

// --- Errors openid-client must surface as RFC 6749 errors ---------------------------------------
const wrongSecret = await discover('oidc', client.ClientSecretBasic(`${secret}x`));
// RFC 6749 §5.2: a failed Basic authentication is a 401 with a WWW-Authenticate challenge, which
// openid-client surfaces as WWWAuthenticateChallengeError (the RFC 6749 body stays on e.response).
await rejects(() => client.clientCredentialsGrant(wrongSecret, { audience: jwtAudience }),
  'wrong client secret is refused: 401, Basic challenge, invalid_client', async (e) =>
    e instanceof client.WWWAuthenticateChallengeError && e.status === 401 && e.cause?.[0]?.scheme === 'basic'
    && (await e.response.json()).error === 'invalid_client');

await rejects(() => client.clientCredentialsGrant(oidc, { audience: jwtAudience, scope: 'delete:contacts' }),
  'ungranted scope is refused with invalid_scope', (e) => e.error === 'invalid_scope');

if (process.env.TOLLGATE_UNGRANTED_AUDIENCE) {
  await rejects(() => client.clientCredentialsGrant(oidc, { resource: process.env.TOLLGATE_UNGRANTED_AUDIENCE }),
    'an API without a grant is refused with access_denied', (e) => e.error === 'access_denied');
}

// --- client_secret_post ---------------------------------------------------------------------------
if (process.env.TOLLGATE_POST_CLIENT_ID) {
  const postId = process.env.TOLLGATE_POST_CLIENT_ID;
  const post = await discover('oidc', client.ClientSecretPost(env('TOLLGATE_POST_CLIENT_SECRET')), undefined, postId);
  const token = await grant(post, { resource: jwtAudience }, 'client_secret_post');
  ok(typeof token.access_token === 'string', 'client_secret_post: token issued');
  await client.tokenRevocation(post, token.access_token);
  equal((await introspect(oidc, token.access_token, 'client_secret_post')).active, false,
    'client_secret_post: revoked by its own client, seen inactive by the introspecting client');
}

done();
