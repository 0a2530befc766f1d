// Verifies the tokens the .NET benchmark minted (same file, same run) with aws-jwt-verify and
// jose, one thread, every token once; prints one JSON object of verifications per second.
// Usage: node bench.mjs tokens.json
import { readFileSync } from "node:fs";
import { JwtVerifier } from "aws-jwt-verify";
import { createLocalJWKSet, jwtVerify } from "jose";

const tokens = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { issuer, audience, jwks } = tokens;

const aws = JwtVerifier.create({ issuer, audience, jwksUri: `${issuer}/jwks` });
aws.cacheJwks(jwks);
const joseKeys = createLocalJWKSet(jwks);
const joseOptions = { issuer, audience, algorithms: ["RS256", "ES256", "PS256"], typ: "at+jwt", clockTolerance: 30 };

function rate(list, verify) {
  const start = process.hrtime.bigint();
  for (const token of list) verify(token);
  return list.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function rateAsync(list, verify) {
  const start = process.hrtime.bigint();
  for (const token of list) await verify(token);
  return list.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

const awsVerify = (t) => aws.verifySync(t);
const joseVerify = (t) => jwtVerify(t, joseKeys, joseOptions);

// Warm up both libraries (JIT, key objects) on tokens outside the measured sets.
for (let round = 0; round < 3; round++) {
  for (const t of tokens.warmup) { awsVerify(t); await joseVerify(t); }
}

const results = {
  aws_jwt_verify_rs256_unique: rate(tokens.rs256, awsVerify),
  aws_jwt_verify_es256_unique: rate(tokens.es256, awsVerify),
  jose_rs256_unique: await rateAsync(tokens.rs256, joseVerify),
  jose_es256_unique: await rateAsync(tokens.es256, joseVerify),
};
console.log(JSON.stringify(results));
