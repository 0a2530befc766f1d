// aws-jwt-verify (v5) as a resource server would use it: JwtVerifier with issuer, audience,
// jwksUri and scope. aws-jwt-verify 5.2.1 supports RS256/384/512, ES256/384/512 and EdDSA,
// not PS256: a PS256 token must be refused with JwtInvalidSignatureAlgorithmError (a limitation
// of the library, proven here so nobody promises PS256 to its users).
//
// Its default fetcher (SimpleFetcher) speaks HTTPS only; for the loopback http server of the tests
// the JWKS cache gets the documented custom Fetcher, built on Node's fetch. Nothing else changes.
//
// Env: TOLLGATE_URL, TOLLGATE_CLIENT_ID / TOLLGATE_CLIENT_SECRET, TOLLGATE_RS256_AUDIENCE,
// TOLLGATE_ES256_AUDIENCE, TOLLGATE_PS256_AUDIENCE.
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { JwtInvalidClaimError, JwtInvalidSignatureAlgorithmError, JwtInvalidSignatureError } from 'aws-jwt-verify/error';
import { start, env, ok, equal, rejects, done, baseUrl, fetchToken, audiencesByAlg, peekHeader } from './lib.mjs';

start('aws-jwt-verify');
const issuer = baseUrl();
const clientId = env('TOLLGATE_CLIENT_ID');
const audiences = audiencesByAlg();

/** A Fetcher (aws-jwt-verify/https interface) that also allows http, for the loopback test server. */
class HttpFetcher {
  async fetch(uri) {
    const response = await fetch(uri);
    if (response.status !== 200) throw new Error(`GET ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  }
}

const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
const jwksUri = metadata.jwks_uri;
const jwksCache = new SimpleJwksCache({ fetcher: new HttpFetcher() });
// aws-jwt-verify does not look at the JWT header's typ; RFC 9068 §4 asks resource servers to, so the
// verifier adds it through the documented customJwtCheck hook.
const customJwtCheck = ({ header }) => {
  if (header.typ !== 'at+jwt') throw new Error(`typ must be at+jwt, got ${header.typ}`);
};
const verifierFor = (audience, scope) => JwtVerifier.create({ issuer, audience, jwksUri, scope, customJwtCheck }, { jwksCache });

// The default fetcher really is HTTPS-only: documents why the custom fetcher above exists.
if (jwksUri.startsWith('http:')) {
  const token = await fetchToken(audiences.RS256, 'read:contacts');
  await rejects(() => JwtVerifier.create({ issuer, audience: audiences.RS256, jwksUri }).verify(token),
    'default SimpleFetcher refuses a plain-http jwks_uri (why the tests plug in a fetch-based Fetcher)');
}

for (const alg of ['RS256', 'ES256']) {
  const audience = audiences[alg];
  const token = await fetchToken(audience, 'read:contacts');
  equal(peekHeader(token).alg, alg, `${alg}: token header alg`);
  let payload;
  try {
    payload = await verifierFor(audience, 'read:contacts').verify(token);
  } catch (e) {
    throw new Error(`${alg}: aws-jwt-verify refused a valid token: ${e.name}: ${e.message}`);
  }
  ok(true, `${alg}: verified through the JWKS with issuer, audience and scope`);
  equal(payload.iss, issuer, `${alg}: iss`);
  equal(payload.aud, audience, `${alg}: aud`);
  equal(payload.scope, 'read:contacts', `${alg}: scope`);
  equal(payload.client_id, clientId, `${alg}: client_id`);

  const otherAudience = Object.values(audiences).find((a) => a !== audience);
  await rejects(() => verifierFor(otherAudience).verify(token),
    `${alg}: refused for another audience`, (e) => e instanceof JwtInvalidClaimError && /audience/i.test(e.message));
  await rejects(() => verifierFor(audience, 'write:contacts').verify(token),
    `${alg}: refused when the required scope is missing`, (e) => e instanceof JwtInvalidClaimError && /scope/i.test(e.message));
  const [header, body, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: otherAudience })).toString('base64url')}.${signature}`;
  await rejects(() => verifierFor(otherAudience).verify(forged),
    `${alg}: a token with a changed payload is refused`, (e) => e instanceof JwtInvalidSignatureError);
}

const ps256 = await fetchToken(audiences.PS256, 'read:contacts');
equal(peekHeader(ps256).alg, 'PS256', 'PS256: token header alg');
await rejects(() => verifierFor(audiences.PS256).verify(ps256),
  'PS256: refused, as aws-jwt-verify does not support PS256 (library limitation, not a server fault)',
  (e) => e instanceof JwtInvalidSignatureAlgorithmError);

done();
