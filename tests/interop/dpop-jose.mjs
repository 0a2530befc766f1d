// DPoP (RFC 9449) with proofs made by jose (v6), as a client library would make them: an ES256 key pair,
// the public JWK in the proof header, htm/htu/iat/jti (and ath for resource requests). The token endpoint
// must bind the token to the key (cnf.jkt = jose's RFC 7638 thumbprint), and /decisions must accept the
// bound token only with a fresh proof for the original method and URL.
//
// Env: TOLLGATE_URL, TOLLGATE_CLIENT_ID / TOLLGATE_CLIENT_SECRET, TOLLGATE_ROOT_SECRET (to register an API and its routes).
import { createHash, randomUUID } from 'node:crypto';
import * as jose from 'jose';
import { start, env, ok, equal, done, baseUrl } from './lib.mjs';

start('dpop-jose');
const issuer = baseUrl();
const clientId = env('TOLLGATE_CLIENT_ID');
const clientSecret = env('TOLLGATE_CLIENT_SECRET');
const basic = (id, secret) => 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

// An API of this script's own with one route, granted to the client.
const admin = (await (await fetch(`${issuer}/oauth2/token`, {
  method: 'POST',
  headers: { authorization: basic('tollgate-root', env('TOLLGATE_ROOT_SECRET')), 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials' }),
})).json()).access_token;
const adminCall = async (method, path, body) => {
  const response = await fetch(`${issuer}${path}`, {
    method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  ok(response.status < 300, `admin ${method} ${path.split('?')[0]}: ${response.status}`, await response.text());
};
const audience = `https://dpop-${randomUUID()}.interop.test`;
await adminCall('POST', '/admin/apis', { identifier: audience, scopes: [{ value: 'read:contacts' }], signing_alg: 'ES256' });
await adminCall('PUT', `/admin/apis/${encodeURIComponent(audience)}/routes`, { rules: [{ route: 'GET /contacts/{id}', scopes: ['read:contacts'] }] });
await adminCall('POST', '/admin/grants', { client_id: clientId, audience, scope: ['read:contacts'] });

const { privateKey, publicKey } = await jose.generateKeyPair('ES256');
const jwk = await jose.exportJWK(publicKey);
const thumbprint = await jose.calculateJwkThumbprint(jwk, 'sha256');

const proof = (htm, htu, accessToken) => {
  const claims = { htm, htu, jti: randomUUID() };
  if (accessToken) claims.ath = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk }).setIssuedAt().sign(privateKey);
};

// The token endpoint: a bound token.
const tokenResponse = await fetch(`${issuer}/oauth2/token`, {
  method: 'POST',
  headers: {
    authorization: basic(clientId, clientSecret), 'content-type': 'application/x-www-form-urlencoded',
    dpop: await proof('POST', `${issuer}/oauth2/token`),
  },
  body: new URLSearchParams({ grant_type: 'client_credentials', audience }),
});
const tokenBody = await tokenResponse.json();
equal(tokenResponse.status, 200, 'token endpoint accepts the jose proof');
equal(tokenBody.token_type, 'DPoP', 'token_type');
const token = tokenBody.access_token;
equal(jose.decodeJwt(token).cnf?.jkt, thumbprint, 'cnf.jkt is jose\'s RFC 7638 thumbprint of the proof key');

// /decisions, as nginx auth_request calls it for GET https://api.interop.test/contacts/1.
const publicUrl = 'https://api.interop.test/contacts/1';
const decide = async (authorization, dpop) => {
  const headers = {
    'x-tollgate-audience': audience, 'x-original-method': 'GET', 'x-original-uri': '/contacts/1?expand=1',
    'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.interop.test', authorization,
  };
  if (dpop) headers.dpop = dpop;
  return fetch(`${issuer}/decisions`, { headers });
};

const resourceProof = await proof('GET', publicUrl, token);
const allowed = await decide(`DPoP ${token}`, resourceProof);
equal(allowed.status, 200, '/decisions allows the bound token with a jose proof for the original URL');
equal(allowed.headers.get('x-tollgate-client-id'), clientId, '/decisions names the client');

const replayed = await decide(`DPoP ${token}`, resourceProof);
equal(replayed.status, 401, '/decisions refuses the same proof again');
ok(replayed.headers.get('www-authenticate')?.startsWith('DPoP error="invalid_dpop_proof"'), 'replay: DPoP challenge invalid_dpop_proof',
  replayed.headers.get('www-authenticate'));

const otherUrl = await decide(`DPoP ${token}`, await proof('GET', 'https://api.interop.test/contacts/2', token));
equal(otherUrl.status, 401, '/decisions refuses a proof for another URL');

const asBearer = await decide(`Bearer ${token}`);
equal(asBearer.status, 401, '/decisions refuses the bound token as Bearer');
equal((await asBearer.json()).error_description, 'dpop_required', 'Bearer downgrade reason');

done();
