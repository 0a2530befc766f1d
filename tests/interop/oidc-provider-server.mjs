// npm oidc-provider as a second, independent authorization server for the Tollgate.Client tests.
// Listens on a free loopback port and prints one JSON line: {"issuer": "..."}; runs until killed.
// Env: OIDC_SECRET (for clients svc-basic and svc-post), OIDC_CLIENT_JWK (public JWK of svc-jwt),
//      OIDC_RESOURCE (the one API resource indicator accepted), OIDC_DPOP ("off": DPoP headers ignored, bearer tokens only).
import http from 'node:http';
import Provider from 'oidc-provider';

const secret = process.env.OIDC_SECRET;
const resource = process.env.OIDC_RESOURCE;
const jwk = JSON.parse(process.env.OIDC_CLIENT_JWK);
const common = { grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'read write' };

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      { ...common, client_id: 'svc-basic', client_secret: secret, token_endpoint_auth_method: 'client_secret_basic' },
      { ...common, client_id: 'svc-post', client_secret: secret, token_endpoint_auth_method: 'client_secret_post' },
      { ...common, client_id: 'svc-jwt', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwk] } },
    ],
    scopes: ['read', 'write', 'admin'],  // admin: known to the server, never granted to a client
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      dPoP: { enabled: process.env.OIDC_DPOP !== 'off' },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, client, oneOf) => oneOf,
        getResourceServerInfo: (ctx, indicator) => {
          if (indicator !== resource) throw new Provider.errors.InvalidTarget();
          return { scope: 'read write', audience: indicator, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  });
  server.on('request', provider.callback());
  console.log(JSON.stringify({ issuer }));
});
