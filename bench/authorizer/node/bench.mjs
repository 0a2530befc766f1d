// Verifies the tokens the .NET benchmark minted (same file, same run) with aws-jwt-verify, jose
// and jsonwebtoken + jwks-rsa (the stack of Auth0's sample API Gateway authorizer), one thread, every token once; prints one JSON object of verifications per second.
// Usage: node bench.mjs tokens.json
import { readFileSync } from "node:fs";
import { JwtVerifier } from "aws-jwt-verify";
import { createLocalJWKSet, jwtVerify } from "jose";
import jwt from "jsonwebtoken";
import jwksRsa from "jwks-rsa";

const tokens = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { issuer, audience, jwks } = tokens;

const aws = JwtVerifier.create({ issuer, audience, jwksUri: `${issuer}/jwks` });
aws.cacheJwks(jwks);
const joseKeys = createLocalJWKSet(jwks);
const joseOptions = { issuer, audience, algorithms: ["RS256", "ES256", "PS256"], typ: "at+jwt", clockTolerance: 30 };

// [per wall-clock second, per CPU-second of the process]: the second moves less on a loaded machine
// (jose's WebCrypto work on libuv's pool threads counts too).
function measured(count, start, cpu) {
  const used = process.cpuUsage(cpu);
  return [count / (Number(process.hrtime.bigint() - start) / 1e9), count / ((used.user + used.system) / 1e6)];
}

function rate(list, verify) {
  const start = process.hrtime.bigint(), cpu = process.cpuUsage();
  for (const token of list) verify(token);
  return measured(list.length, start, cpu);
}

async function rateAsync(list, verify) {
  const start = process.hrtime.bigint(), cpu = process.cpuUsage();
  for (const token of list) await verify(token);
  return measured(list.length, start, cpu);
}

const awsVerify = (t) => aws.verifySync(t);
const joseVerify = (t) => jwtVerify(t, joseKeys, joseOptions);

// As auth0-samples/jwt-rsa-aws-custom-authorizer does it: decode for the kid, the (cached,
// rate-limited) jwks-rsa client for the key, jwt.verify with audience and issuer. The JWKS comes
// from memory instead of HTTP (jwks-rsa's fetcher option); it is fetched once and cached.
const jwksClient = jwksRsa({ cache: true, rateLimit: true, jwksRequestsPerMinute: 10, jwksUri: `${issuer}/jwks`, fetcher: async () => jwks });
const jsonwebtokenOptions = { audience, issuer, algorithms: ["RS256", "ES256", "PS256"], clockTolerance: 30 };
async function jsonwebtokenVerify(token) {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded?.header?.kid) throw new Error("invalid token");
  const key = await jwksClient.getSigningKey(decoded.header.kid);
  return jwt.verify(token, key.getPublicKey(), jsonwebtokenOptions);
}

// Warm up both libraries (JIT, key objects) on tokens outside the measured sets.
for (let round = 0; round < 3; round++) {
  for (const t of tokens.warmup) { awsVerify(t); await joseVerify(t); await jsonwebtokenVerify(t); }
}

const rates = {
  aws_jwt_verify_rs256_unique: rate(tokens.rs256, awsVerify),
  aws_jwt_verify_es256_unique: rate(tokens.es256, awsVerify),
  jose_rs256_unique: await rateAsync(tokens.rs256, joseVerify),
  jose_es256_unique: await rateAsync(tokens.es256, joseVerify),
  jsonwebtoken_jwks_rsa_rs256_unique: await rateAsync(tokens.rs256, jsonwebtokenVerify),
  jsonwebtoken_jwks_rsa_es256_unique: await rateAsync(tokens.es256, jsonwebtokenVerify),
};
const results = {};
for (const [name, [wall, cpu]] of Object.entries(rates)) { results[name] = wall; results[`${name}_cpu`] = cpu; }
console.log(JSON.stringify(results));
