// private_key_jwt (RFC 7523) with a client assertion made by npm jose: the client registers its
// public JWK through the admin API, signs an assertion, and gets a token without any secret.
import * as jose from 'jose';
import { start, env, ok, equal, done, baseUrl } from './lib.mjs';

start('private-key-jwt');
const url = baseUrl();
const audience = env('TOLLGATE_JWT_AUDIENCE');

async function post(path, headers, body) {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, json: await response.json().catch(() => ({})) };
}

const root = Buffer.from(`tollgate-root:${encodeURIComponent(env('TOLLGATE_ROOT_SECRET'))}`).toString('base64');
const admin = await post('/oauth2/token', { authorization: `Basic ${root}`, 'content-type': 'application/x-www-form-urlencoded' },
  new URLSearchParams({ grant_type: 'client_credentials' }));
equal(admin.status, 200, 'admin token');
const adminHeaders = { authorization: `Bearer ${admin.json.access_token}`, 'content-type': 'application/json' };

for (const alg of ['ES256', 'RS256', 'PS256']) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: `jose-${alg}`, alg, use: 'sig' };
  const client = await post('/admin/clients', adminHeaders, JSON.stringify({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwk] } }));
  equal(client.status, 201, `${alg}: client registered with its public JWK`);
  ok(client.json.client_secret === undefined, `${alg}: no secret for a private_key_jwt client`);
  const grant = await post('/admin/grants', adminHeaders, JSON.stringify({ client_id: client.json.client_id, audience, scope: ['read:contacts'] }));
  equal(grant.status, 201, `${alg}: grant`);

  const assertion = async (aud, jti = crypto.randomUUID()) => new jose.SignJWT({})
    .setProtectedHeader({ alg, kid: jwk.kid })
    .setIssuer(client.json.client_id).setSubject(client.json.client_id).setAudience(aud)
    .setJti(jti).setIssuedAt().setExpirationTime('2m').sign(privateKey);
  const tokenRequest = (signed) => post('/oauth2/token', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({
    grant_type: 'client_credentials', audience,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signed,
  }));

  const signed = await assertion(`${url}/oauth2/token`);
  const accepted = await tokenRequest(signed);
  equal(accepted.status, 200, `${alg}: jose-signed assertion accepted`);
  equal(accepted.json.scope, 'read:contacts', `${alg}: token scope`);
  const replay = await tokenRequest(signed);
  equal(replay.json.error, 'invalid_client', `${alg}: the same assertion again is refused`);
  const wrongAud = await tokenRequest(await assertion('https://someone-else.example/token'));
  equal(wrongAud.json.error, 'invalid_client', `${alg}: an assertion for another audience is refused`);
}
done();
