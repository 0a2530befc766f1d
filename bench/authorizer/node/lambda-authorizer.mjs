// The peer a team would otherwise pick for an API Gateway TOKEN authorizer: a minimal Node handler on
// aws-jwt-verify doing the same decision as `bootstrap invoke` in deploy/aws/coldstart-compare.sh:
// verify the RS256 token (issuer, audience, the JWKS fetched over loopback), require read:contacts
// for GET /contacts, print the IAM policy and exit. Started once per measured run, like a cold start.
//
//   node lambda-authorizer.mjs event.json    (TOKEN_ISSUER, JWKS_URI, AUDIENCE in the environment)
import { readFileSync } from 'node:fs';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/** aws-jwt-verify's default fetcher is HTTPS-only; the documented Fetcher hook allows the loopback http server. */
class HttpFetcher {
  async fetch(uri) {
    const response = await fetch(uri);
    if (response.status !== 200) throw new Error(`GET ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  }
}

const event = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const verifier = JwtVerifier.create(
  { issuer: process.env.TOKEN_ISSUER, audience: process.env.AUDIENCE, jwksUri: process.env.JWKS_URI, scope: 'read:contacts' },
  { jwksCache: new SimpleJwksCache({ fetcher: new HttpFetcher() }) });
try {
  const payload = await verifier.verify(event.authorizationToken.replace(/^Bearer /, ''));
  console.log(JSON.stringify({
    principalId: payload.client_id ?? payload.sub,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
    context: { client_id: payload.client_id, scope: payload.scope },
  }));
} catch (error) {
  console.error(error.message);
  console.log(JSON.stringify({ errorMessage: 'Unauthorized', errorType: 'Unauthorized' }));
  process.exitCode = 1;
}
