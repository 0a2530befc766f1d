// jose (v6) as a resource server would use it: createRemoteJWKSet on the published jwks_uri and
// jwtVerify with typ at+jwt (RFC 9068), issuer, audience and the algorithm pinned, for tokens of
// each signing algorithm Tollgate offers. Tokens for another audience, of another algorithm or
// tampered with must be refused.
//
// Env: TOLLGATE_URL, TOLLGATE_CLIENT_ID / TOLLGATE_CLIENT_SECRET (granted read:contacts on each API),
// TOLLGATE_RS256_AUDIENCE, TOLLGATE_ES256_AUDIENCE, TOLLGATE_PS256_AUDIENCE (JWT APIs of that algorithm).
import * as jose from 'jose';
import { start, env, ok, equal, rejects, done, baseUrl, fetchToken, audiencesByAlg } from './lib.mjs';

start('jose');
const issuer = baseUrl();
const clientId = env('TOLLGATE_CLIENT_ID');
const audiences = audiencesByAlg();

const metadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
equal(metadata.issuer, issuer, 'metadata issuer');
const jwksUri = new URL(metadata.jwks_uri);

// The JWKS: public keys only, each with kid, alg and use=sig.
const jwks = await (await fetch(jwksUri)).json();
ok(Array.isArray(jwks.keys) && jwks.keys.length >= 3, 'JWKS has a key per algorithm', jwks.keys?.length);
for (const key of jwks.keys) {
  const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].filter((m) => m in key);
  ok(privateMembers.length === 0, `JWKS key ${key.kid} (${key.alg}) carries no private members`, privateMembers);
  ok(key.kid && key.alg && key.use === 'sig', `JWKS key ${key.kid} has kid, alg and use=sig`, key);
  await jose.importJWK(key, key.alg);
}
ok(true, 'every JWKS key imports with jose.importJWK');

const JWKS = jose.createRemoteJWKSet(jwksUri);
const tokens = {};

for (const [alg, audience] of Object.entries(audiences)) {
  const token = await fetchToken(audience, 'read:contacts');
  tokens[alg] = token;
  let verified;
  try {
    verified = await jose.jwtVerify(token, JWKS, {
      issuer, audience, typ: 'at+jwt', algorithms: [alg],
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
    });
  } catch (e) {
    throw new Error(`${alg}: jose.jwtVerify refused a valid token: ${e.code ?? e.name}: ${e.message}`);
  }
  const { payload, protectedHeader } = verified;
  ok(true, `${alg}: token verified through the remote JWKS (typ at+jwt, issuer, audience, alg pinned)`);
  equal(protectedHeader.alg, alg, `${alg}: header alg`);
  equal(protectedHeader.typ, 'at+jwt', `${alg}: header typ`);
  ok(jwks.keys.some((k) => k.kid === protectedHeader.kid && k.alg === alg), `${alg}: header kid names a published ${alg} key`);
  equal(payload.iss, issuer, `${alg}: iss`);
  equal(payload.aud, audience, `${alg}: aud`);
  equal(payload.scope, 'read:contacts', `${alg}: scope`);
  equal(payload.client_id, clientId, `${alg}: client_id`);
  equal(payload.sub, clientId, `${alg}: sub is the client (RFC 9068 §2.2 for client credentials)`);
  ok(payload.exp > payload.iat && payload.iat <= Math.ceil(Date.now() / 1000) + 5, `${alg}: iat <= now < exp`, payload);

  const otherAudience = Object.values(audiences).find((a) => a !== audience);
  await rejects(() => jose.jwtVerify(token, JWKS, { issuer, audience: otherAudience, typ: 'at+jwt' }),
    `${alg}: refused for another audience`, (e) => e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && e.claim === 'aud');
  await rejects(() => jose.jwtVerify(token, JWKS, { issuer: `${issuer}/other`, audience, typ: 'at+jwt' }),
    `${alg}: refused for another issuer`, (e) => e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && e.claim === 'iss');

  const [header, body, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: 'read:contacts write:contacts' })).toString('base64url')}.${signature}`;
  await rejects(() => jose.jwtVerify(forged, JWKS, { issuer, audience, typ: 'at+jwt' }),
    `${alg}: a token with a changed payload is refused`, (e) => e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
}

await rejects(() => jose.jwtVerify(tokens.RS256, JWKS, { issuer, audience: audiences.RS256, algorithms: ['PS256'] }),
  'an RS256 token is refused when only PS256 is allowed', (e) => e.code === 'ERR_JOSE_ALG_NOT_ALLOWED');
await rejects(() => jose.jwtVerify(tokens.ES256, JWKS, { issuer, audience: audiences.ES256, typ: 'JWT' }),
  'typ is checked: an at+jwt token is refused where typ JWT is required', (e) => e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && e.claim === 'typ');

done();
