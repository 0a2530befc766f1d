// DPoP proofs for the token-endpoint benchmark: COUNT proofs (RFC 9449 §4.2), one per line, for
// POST HTU, each with its own jti, all made now with one fresh ES256 key (a client's key pair).
// Node's own crypto only, so no npm install is needed:  node dpop-proofs.mjs COUNT HTU > FILE
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

const [count, htu] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(count) || count < 1 || !htu) {
  console.error('usage: node dpop-proofs.mjs COUNT HTU');
  process.exit(2);
}
const b64u = (data) => Buffer.from(data).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
const header = b64u(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } }));
const iat = Math.floor(Date.now() / 1000);
const lines = new Array(count);
for (let i = 0; i < count; i++) {
  const input = `${header}.${b64u(JSON.stringify({ jti: randomUUID(), htm: 'POST', htu, iat }))}`;
  lines[i] = `${input}.${b64u(sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }))}`;
}
process.stdout.write(lines.join('\n') + '\n');
